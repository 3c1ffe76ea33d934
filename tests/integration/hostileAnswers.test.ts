/**
 * A datasource that answers garbage: the seeded Jaeger and Prometheus behind a proxy that rewrites
 * every JSON answer, replacing one to three values with what broken pipelines and hostile senders
 * produce (nulls, wrong types, ±1e308, 26-digit numbers, markup, control characters, nesting) or
 * removing them. The order lookup and the stuck-orders load must end with an answer, never throw,
 * and never write NaN, undefined or [object Object] where a person reads; with only Prometheus
 * answering garbage, the traces still decide every confirmed row, so none may be wrong.
 */
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { compileConfig } from '../../src/engine';
import { loadStuckOrders } from '../../src/orders/loadStuckOrders';
import { lookUpOrder } from '../../src/orders/lookUpOrder';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { faultProxies } from '../backends/faultProxy';
import { ALWAYS_NONSENSE, mutate, NONSENSE, textsOf } from '../fixtures/mutate';
import { random } from '../fixtures/otlpAnswer';
import { integrationEnv } from './env';
import { OrderTruth, readTruth } from './seed';
import { stuckTruth } from './stuckTruth';

const settings = DEFAULT_SETTINGS;
const config = compileConfig(settings);
let truth: OrderTruth[] = [];
const proxies = faultProxies();

beforeAll(() => {
  truth = readTruth(integrationEnv().truthFile);
});

afterAll(() => proxies.stopAll());

/**
 * A proxy that mutates every answer, and what it changed: each answer gets its own seeded mutant.
 * `wordsInserted` says whether any inserted text itself reads NaN or Infinity (then a page may show
 * it as data).
 */
async function mutatingProxy(target: string, seed: number) {
  const next = random(seed);
  const changes: string[] = [];
  let wordsInserted = false;
  // The API detection's probes pass untouched (src/datasource/jaegerDialect.test.ts feeds it odd
  // answers): what is mutated here are the answers to searches and queries.
  const proxy = await proxies.start(target, (path, params) =>
    isDetectionProbe(path, params)
      ? 'pass'
      : {
          rewrite: (body) => {
            const mutant = mutate(body, next);
            changes.push(...mutant.changes);
            wordsInserted ||= mutant.changes.some((change) => /NaN|Infinity/.test(change));
            return mutant.payload;
          },
        }
  );
  return { proxy, changes, wordsInserted: () => wordsInserted };
}

function isDetectionProbe(path: string, params: URLSearchParams): boolean {
  const attributes = params.get('query.attributes') ?? '';
  return (
    path === '/api/services' ||
    (path === '/api/v3/traces' && (attributes === '{' || attributes.includes('ordertracker.probe')))
  );
}

/** Numbers a page draws or formats: every one finite. */
function nonFinite(value: unknown, path = ''): string[] {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => nonFinite(item, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => nonFinite(item, `${path}.${key}`));
  }
  return [];
}

describe('answers with hostile values', () => {
  it('Jaeger: every order lookup ends with an answer that reads right', async () => {
    const env = integrationEnv();
    const orders = truth.slice(0, 12);
    const nowUs = Date.now() * 1000;
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    for (const [index, order] of orders.entries()) {
      const jaeger = await mutatingProxy(env.jaegerUrl, 1_000 + index);
      try {
        const result = await lookUpOrder({
          orderId: order.orderId,
          settings,
          config,
          nowUs,
          fetchJson: fetchJsonFromBaseUrl(jaeger.proxy.url),
        });
        kinds.set(result.kind, (kinds.get(result.kind) ?? 0) + 1);
        if (result.kind === 'found') {
          const nonsense = jaeger.wordsInserted() ? ALWAYS_NONSENSE : NONSENSE;
          const said = textsOf([result.timeline.verdict, result.timeline.evidence, result.timeline.warnings]);
          const bad = said.find((text) => nonsense.test(text));
          if (bad !== undefined) {
            problems.push(`${order.orderId} (${jaeger.changes.join(', ')}): "${bad.slice(0, 160)}"`);
          }
          const numbers = nonFinite(result.timeline.statuses);
          if (numbers.length > 0) {
            problems.push(`${order.orderId}: ${numbers.slice(0, 3).join('; ')}`);
          }
        }
      } catch (error) {
        problems.push(`${order.orderId} (${jaeger.changes.join(', ')}): threw ${String(error)}`);
      }
    }
    console.log(`lookups over mutated Jaeger answers: ${JSON.stringify(Object.fromEntries(kinds))}`);
    expect(problems).toEqual([]);
  }, 120_000);

  it('Jaeger: the stuck-orders load ends with rows that read right', async () => {
    const env = integrationEnv();
    const jaeger = await mutatingProxy(env.jaegerUrl, 2_000);
    const nowUs = Date.now() * 1000;
    const result = await loadStuckOrders(
      settings,
      { jaeger: fetchJsonFromBaseUrl(jaeger.proxy.url), prometheus: fetchJsonFromBaseUrl(env.prometheusUrl) },
      { nowUs }
    );
    const watched = new Set(settings.lifecycle.filter((status) => !status.terminal).map((status) => status.name));
    expect(result.stuck.filter((row) => !watched.has(row.status))).toEqual([]);
    const nonsense = jaeger.wordsInserted() ? ALWAYS_NONSENSE : NONSENSE;
    expect(textsOf([result.stuck, result.statuses]).filter((text) => nonsense.test(text))).toEqual([]);
    expect(nonFinite(result.stuck.map((row) => [row.enteredAtUs, row.timeInStatusUs, row.overdueUs]))).toEqual([]);
    console.log(
      `stuck orders over ${jaeger.proxy.stats.requests} mutated Jaeger answers (${jaeger.changes.length} values changed): ` +
        `${result.stuck.length} rows, ${result.stuck.filter((row) => row.check === 'unconfirmed').length} unconfirmed`
    );
  }, 180_000);

  it('Prometheus: garbage counts never make a confirmed row wrong, and the counts stay numbers or say they are unknown', async () => {
    const env = integrationEnv();
    const states: string[] = [];
    for (let seed = 3_000; seed < 3_006; seed++) {
      const prometheus = await mutatingProxy(env.prometheusUrl, seed);
      const nowMs = Date.now();
      const result = await loadStuckOrders(
        settings,
        { jaeger: fetchJsonFromBaseUrl(env.jaegerUrl), prometheus: fetchJsonFromBaseUrl(prometheus.proxy.url) },
        { nowUs: nowMs * 1000 }
      );
      const { stuck, border } = stuckTruth(truth, settings.lifecycle, nowMs);
      const wrong = result.stuck
        .filter((row) => row.check === 'confirmed' && !border.has(row.orderId) && stuck.get(row.orderId) !== row.status)
        .map((row) => `${row.orderId} ${row.status}`);
      const where = `seed ${seed} (${prometheus.changes.join(', ')})`;
      expect({ where, wrong }).toEqual({ where, wrong: [] });
      expect({
        where,
        numbers: nonFinite(result.statuses.map((status) => [status.pastSla, status.notListed, status.listed])),
      }).toEqual({
        where,
        numbers: [],
      });
      expect({ where, nonsense: textsOf(result.statuses).filter((text) => ALWAYS_NONSENSE.test(text)) }).toEqual({
        where,
        nonsense: [],
      });
      states.push(
        `${result.metrics.state === 'error' ? `error "${result.metrics.message}"` : result.metrics.state} ` +
          `(${prometheus.proxy.stats.requests} answers, ${result.stuck.length} rows of ${stuck.size})`
      );
    }
    console.log(`stuck orders over mutated Prometheus answers: ${states.join('; ')}`);
  }, 180_000);
});
