import type { FetchJson } from '../../datasource/grafanaProxy';
import { queryVector } from '../../datasource/prometheusClient';
import { chosenDialect, DetectedDialect, detectJaegerDialect } from '../../datasource/jaegerDialect';
import { compileConfig, JaegerApi, readSpans, searchPath } from '../../engine';
import { METRICS, orderMetricsPresent } from '../../queries/promql';
import { OrderTrackerSettings } from '../../settings/types';
import { privacyVerdict, samplePrivacy } from './privacyCheck';

export type CheckState = 'ok' | 'warning' | 'missing';

export interface SetupCheck {
  id:
    | 'jaeger-datasource'
    | 'jaeger-api'
    | 'jaeger-services'
    | 'tag-matching'
    | 'order-spans'
    | 'prometheus-datasource'
    | 'order-metrics'
    | 'privacy';
  state: CheckState;
  /** Plain words an admin can act on. */
  message: string;
}

export interface SetupBackends {
  /** Reaches the configured Jaeger's HTTP API; absent when no Jaeger datasource is chosen. */
  jaeger?: FetchJson;
  prometheus?: FetchJson;
}

/** How far back "check setup" looks for spans that carry the order id. */
const SAMPLE_WINDOW_US = 7 * 24 * 3600 * 1e6;
const SAMPLE_TRACES = 20;

/**
 * Tells an admin what is missing before anyone opens an order: no Jaeger, none of the configured
 * services in Jaeger, no spans with the order id attribute, no Prometheus, no order metrics.
 */
export async function checkSetup(
  settings: OrderTrackerSettings,
  backends: SetupBackends,
  nowMs = Date.now()
): Promise<SetupCheck[]> {
  const [jaegerChecks, prometheusChecks] = await Promise.all([
    checkJaeger(settings, backends.jaeger, nowMs),
    checkPrometheus(backends.prometheus),
  ]);
  return [...jaegerChecks, ...prometheusChecks];
}

async function checkJaeger(
  settings: OrderTrackerSettings,
  jaeger: FetchJson | undefined,
  nowMs: number
): Promise<SetupCheck[]> {
  if (!jaeger) {
    return [
      {
        id: 'jaeger-datasource',
        state: 'missing',
        message: 'No Jaeger datasource is chosen: orders cannot be looked up. Pick one above.',
      },
    ];
  }
  let detected: DetectedDialect;
  try {
    detected = settings.jaegerApi === 'auto' ? await detectJaegerDialect(jaeger) : chosenDialect(settings.jaegerApi);
  } catch (error) {
    return [{ id: 'jaeger-datasource', state: 'missing', message: messageOf(error) }];
  }
  if (detected.undecided) {
    return [{ id: 'jaeger-datasource', state: 'missing', message: `Jaeger does not answer: ${detected.description}` }];
  }
  const { api } = detected.dialect;
  let services: string[];
  try {
    services = readServices(await jaeger(api === 'v3' ? '/api/v3/services' : '/api/services'));
  } catch (error) {
    return [{ id: 'jaeger-datasource', state: 'missing', message: `Jaeger does not answer: ${messageOf(error)}` }];
  }
  const checks: SetupCheck[] = [
    { id: 'jaeger-datasource', state: 'ok', message: `Jaeger answers and knows ${services.length} services.` },
    { id: 'jaeger-api', state: 'ok', message: detected.description },
  ];
  const present = settings.services.filter((service) => services.includes(service));
  const absent = settings.services.filter((service) => !services.includes(service));
  checks.push(
    absent.length === 0
      ? { id: 'jaeger-services', state: 'ok', message: `All configured services send traces: ${present.join(', ')}.` }
      : {
          id: 'jaeger-services',
          state: present.length === 0 ? 'missing' : 'warning',
          message: `Jaeger has no traces from ${absent.join(', ')}. Check the service names in the settings against OTel service.name.`,
        }
  );
  if (present.length === 0) {
    return checks;
  }
  const key = settings.attributes.orderId;
  const config = compileConfig(settings);
  const sampleIds = new Map<string, string>();
  const withOrderId = await Promise.all(
    present.map(async (service) => {
      const path = searchPath(api, service, {}, nowMs * 1000 - SAMPLE_WINDOW_US, nowMs * 1000, SAMPLE_TRACES);
      try {
        const { spans } = readSpans([await jaeger(path)], config);
        const carrying = spans.find((span) => key in span.attributes);
        const id = carrying?.attributes[key];
        if (typeof id === 'string' && id.length > 1 && !sampleIds.has(service)) {
          sampleIds.set(service, id);
        }
        return carrying ? service : undefined;
      } catch {
        return undefined;
      }
    })
  );
  const found = withOrderId.filter((service): service is string => service !== undefined);
  checks.push(
    found.length > 0
      ? { id: 'order-spans', state: 'ok', message: `Spans carry "${key}" in ${found.join(', ')}.` }
      : {
          id: 'order-spans',
          state: 'missing',
          message: `No recent span of ${present.join(', ')} carries "${key}": instrument the services to set it, or correct the attribute name.`,
        }
  );
  const [sample] = sampleIds;
  if (sample) {
    checks.push(await checkTagMatching(jaeger, settings, api, sample, nowMs));
  }
  checks.push(await checkPrivacy(jaeger, settings, detected, present, nowMs));
  return checks;
}

/**
 * Whether stored spans hold personal data: a bounded sample of recent traces, read raw (see
 * privacyCheck.ts). What the plugin can read, any Grafana user with access to the datasource can.
 */
async function checkPrivacy(
  jaeger: FetchJson,
  settings: OrderTrackerSettings,
  detected: DetectedDialect,
  services: string[],
  nowMs: number
): Promise<SetupCheck> {
  try {
    const sample = await samplePrivacy(jaeger, settings, { ...detected.dialect, services }, nowMs);
    return { id: 'privacy', ...privacyVerdict(sample) };
  } catch (error) {
    return {
      id: 'privacy',
      state: 'warning',
      message: `Could not check stored spans for personal data: ${messageOf(error)}`,
    };
  }
}

/**
 * Whether the storage compares tag values exactly or as regular expressions (Elasticsearch and
 * OpenSearch do): a search for a known id with its last character replaced by "." finds it only
 * where values are patterns.
 */
async function checkTagMatching(
  jaeger: FetchJson,
  settings: OrderTrackerSettings,
  api: JaegerApi,
  [service, id]: [string, string],
  nowMs: number
): Promise<SetupCheck> {
  const key = settings.attributes.orderId;
  const probe = `${id.slice(0, -1)}.`;
  const path = searchPath(api, service, { [key]: probe }, nowMs * 1000 - SAMPLE_WINDOW_US, nowMs * 1000, 1);
  let patterns: boolean;
  try {
    patterns = readSpans([await jaeger(path)], compileConfig(settings)).spans.some(
      (span) => span.attributes[key] === id
    );
  } catch (error) {
    // Jaeger's v3 search answers "nothing found" with 404: exact matching.
    if (!/no traces found/i.test(messageOf(error))) {
      return {
        id: 'tag-matching',
        state: 'warning',
        message: `Could not tell how Jaeger matches tag values: ${messageOf(error)}`,
      };
    }
    patterns = false;
  }
  if (patterns) {
    return settings.tagValuesAsPatterns
      ? {
          id: 'tag-matching',
          state: 'ok',
          message:
            'Jaeger matches tag values as regular expressions (Elasticsearch/OpenSearch storage); search values are escaped.',
        }
      : {
          id: 'tag-matching',
          state: 'warning',
          message:
            'Jaeger matches tag values as regular expressions (Elasticsearch/OpenSearch storage): turn on "Tag values are patterns". Until then an id with . * + ? and the like also fetches other orders’ traces (results stay right, but searches may hit their limit).',
        };
  }
  return settings.tagValuesAsPatterns
    ? {
        id: 'tag-matching',
        state: 'warning',
        message:
          'Jaeger compares tag values exactly: turn off "Tag values are patterns", or ids with . * + ? and the like are not found.',
      }
    : { id: 'tag-matching', state: 'ok', message: 'Jaeger compares tag values exactly.' };
}

async function checkPrometheus(prometheus: FetchJson | undefined): Promise<SetupCheck[]> {
  if (!prometheus) {
    return [
      {
        id: 'prometheus-datasource',
        state: 'warning',
        message: 'No Prometheus datasource is chosen: the overview and stuck orders fall back to traces only.',
      },
    ];
  }
  let present: boolean;
  try {
    const samples = await queryVector(prometheus, orderMetricsPresent());
    present = samples.length > 0 && samples[0].value > 0;
  } catch (error) {
    return [
      { id: 'prometheus-datasource', state: 'missing', message: `Prometheus does not answer: ${messageOf(error)}` },
    ];
  }
  return [
    { id: 'prometheus-datasource', state: 'ok', message: 'Prometheus answers.' },
    present
      ? { id: 'order-metrics', state: 'ok', message: `Order metrics (${METRICS.inStatus}) are present.` }
      : {
          id: 'order-metrics',
          state: 'warning',
          message: `Prometheus has no ${METRICS.inStatus}: heatmaps and counts come from traces only.`,
        },
  ];
}

/** `/api/services` answers `{data: [...]}`, `/api/v3/services` answers `{services: [...]}`. */
function readServices(body: unknown): string[] {
  const list = isRecord(body) ? (Array.isArray(body.data) ? body.data : body.services) : undefined;
  if (Array.isArray(list)) {
    return list.filter((item): item is string => typeof item === 'string');
  }
  throw new Error('the answer to the services request is not a list of services');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
