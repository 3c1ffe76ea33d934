/**
 * From a panel to its trace: the exemplars Prometheus stores for the time-in-status histogram (the
 * simulator's OpenMetrics exposition) and for Jaeger's span-latency histogram (the spanmetrics
 * connector) name traces that exist in the real Jaeger and belong to what their series says.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { Exemplar, queryExemplars } from '../../src/datasource/prometheusExemplars';
import { OrderSpan, compileConfig, readSpans } from '../../src/engine';
import { METRICS, stayExemplars } from '../../src/queries/promql';
import { stayExemplarsFrom } from '../../src/components/ExemplarTraces/stayExemplars';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { integrationEnv } from './env';
import { OrderTruth, readTruth } from './seed';

const settings = DEFAULT_SETTINGS;
const engineConfig = compileConfig(settings);
const { orderId: ORDER_ID, status: STATUS, previousStatus: PREVIOUS } = settings.attributes;
/** Every exemplar is checked against Jaeger, one trace request each, within this bound. */
const MAX_TRACES_CHECKED = 400;

const { jaegerUrl, prometheusUrl, truthFile } = integrationEnv();
const prometheus = fetchJsonFromBaseUrl(prometheusUrl);
const jaeger = fetchJsonFromBaseUrl(jaegerUrl);

/** Exemplars are stamped with the wall clock when observed: everything of this run is in the last hour. */
function window() {
  const nowSeconds = Date.now() / 1000;
  return { startSeconds: nowSeconds - 3600, endSeconds: nowSeconds + 60 };
}

const traces = new Map<string, Promise<OrderSpan[]>>();
/** One trace by id, the way every Jaeger version serves it (`/api/traces/<id>`), read by the engine. */
function traceSpans(traceId: string): Promise<OrderSpan[]> {
  let spans = traces.get(traceId);
  if (!spans) {
    spans = jaeger(`/api/traces/${encodeURIComponent(traceId)}`).then(
      (payload) => readSpans([payload], engineConfig).spans
    );
    traces.set(traceId, spans);
  }
  return spans;
}

/** The stay a truth records for an order leaving `status`: the next status and how long it stayed. */
function stayOf(order: OrderTruth | undefined, status: string): Array<{ next: string; seconds: number }> {
  const stays: Array<{ next: string; seconds: number }> = [];
  const statuses = order?.statuses ?? [];
  for (let index = 0; index + 1 < statuses.length; index++) {
    if (statuses[index].status === status) {
      const next = statuses[index + 1];
      stays.push({ next: next.status, seconds: (next.enteredAtMs - statuses[index].enteredAtMs) / 1000 });
    }
  }
  return stays;
}

describe('exemplars: from a panel to the exact trace', () => {
  let stays: Exemplar[] = [];

  beforeAll(async () => {
    stays = await queryExemplars(prometheus, stayExemplars(), window());
  });

  it('Prometheus stores exemplars of the time-in-status histogram, for several statuses', () => {
    const statuses = new Set(stays.map((exemplar) => exemplar.seriesLabels.status));
    console.log(
      `query_exemplars ${METRICS.durationBucket}: ${stays.length} exemplars, ` +
        `${new Set(stays.map((exemplar) => exemplar.labels.trace_id)).size} distinct traces, statuses ${[...statuses].join(', ')}`
    );
    expect(stays.length).toBeGreaterThan(10);
    expect(statuses.size).toBeGreaterThanOrEqual(4);
    for (const exemplar of stays) {
      expect(exemplar.seriesLabels.__name__).toBe(METRICS.durationBucket);
      expect(exemplar.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(exemplar.labels.order_id).toBeTruthy();
    }
  });

  it('every exemplar names a trace in Jaeger that ended that order’s stay in that status, as long as it says', async () => {
    const truth = new Map(readTruth(truthFile).map((order) => [order.orderId, order]));
    const checked = stays.slice(0, MAX_TRACES_CHECKED);
    const problems: string[] = [];
    for (const exemplar of checked) {
      const { trace_id: traceId, order_id: orderId } = exemplar.labels;
      const left = exemplar.seriesLabels.status;
      const spans = await traceSpans(traceId);
      if (spans.length === 0) {
        problems.push(`${traceId}: not in Jaeger`);
        continue;
      }
      // The span that recorded the change: this order, entering the next status, leaving `left`.
      const change = spans.find(
        (span) =>
          span.attributes[ORDER_ID] === orderId &&
          span.attributes[PREVIOUS] === left &&
          span.attributes[STATUS] !== undefined
      );
      if (!change) {
        problems.push(`${traceId}: no span of ${orderId} leaving ${left}`);
        continue;
      }
      // The bucket's `le` holds the value, and the truth has exactly this stay, ending in that status.
      const le = exemplar.seriesLabels.le === '+Inf' ? Infinity : Number(exemplar.seriesLabels.le);
      const recorded = stayOf(truth.get(orderId), left);
      const same = recorded.find(
        (stay) => stay.next === change.attributes[STATUS] && Math.abs(stay.seconds - exemplar.value) < 0.01
      );
      if (!(exemplar.value <= le) || !same) {
        problems.push(
          `${traceId}: ${orderId} ${left} ${exemplar.value} s (le ${exemplar.seriesLabels.le}) not in the truth ${JSON.stringify(recorded)}`
        );
      }
    }
    console.log(
      `checked ${checked.length} stay exemplars against ${traces.size} traces in Jaeger: ${problems.length} problems`
    );
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(10);
  });

  it('the overview lists the longest stays per status with their orders and traces', () => {
    const listed = stayExemplarsFrom(stays, settings.lifecycle);
    expect(listed.length).toBeGreaterThan(0);
    const lifecycle = settings.lifecycle.map((status) => status.name);
    const positions = listed.map((stay) => lifecycle.indexOf(stay.status));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    if (process.env.ORDERTRACKER_RECORD === '1') {
      // Recorded for the screenshot (scripts/render/entries/exemplarTraces.tsx).
      writeFileSync(
        resolve(__dirname, '../fixtures/recorded/exemplars.json'),
        `${JSON.stringify({ readAtMs: Date.now(), stays: listed }, null, 1)}\n`
      );
    }
  });

  it('span-latency exemplars from Jaeger’s spanmetrics connector name traces holding that service’s span', async () => {
    const latency = await queryExemplars(
      prometheus,
      `${METRICS.spanDurationBucket}{span_kind="SPAN_KIND_SERVER"}`,
      window()
    );
    console.log(`query_exemplars ${METRICS.spanDurationBucket}: ${latency.length} exemplars`);
    expect(latency.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const exemplar of latency.slice(0, 100)) {
      const spans = await traceSpans(exemplar.labels.trace_id);
      const { service_name: service, span_name: name } = exemplar.seriesLabels;
      const span =
        spans.find((candidate) => candidate.spanId === exemplar.labels.span_id) ??
        spans.find((candidate) => candidate.operation === name);
      if (!span || span.service !== service || span.operation !== name) {
        problems.push(`${exemplar.labels.trace_id}: no ${service} span ${name}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
