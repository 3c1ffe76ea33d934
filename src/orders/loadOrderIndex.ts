import type { FetchJson } from '../datasource/grafanaProxy';
import { searchJaeger } from './searchJaeger';
import { OrderIndex, compileConfig, indexOrders, planIndex } from '../engine';
import { OrderTrackerSettings } from '../settings/types';

/** The engine's index of a window: one wave of searches (service × status), read into orders. */
export async function loadOrderIndex(
  settings: OrderTrackerSettings,
  jaeger: FetchJson,
  options: { nowUs: number; windowSeconds?: number; signal?: AbortSignal }
): Promise<OrderIndex> {
  const config = compileConfig(settings);
  const result = await searchJaeger(
    (dialect) => planIndex(settings, { nowUs: options.nowUs, windowSeconds: options.windowSeconds, dialect }),
    jaeger,
    { signal: options.signal, api: settings.jaegerApi }
  );
  const { plan } = result;
  const failed = result.outcomes.filter((outcome) => outcome.state === 'error' || outcome.state === 'timeout');
  if (result.outcomes.length > 0 && failed.length === result.outcomes.length) {
    throw new Error(`Jaeger did not answer any search: ${failed[0].message ?? failed[0].state}`);
  }
  return indexOrders(result.payloads, config, {
    startUs: plan.startUs,
    endUs: plan.endUs,
    nowUs: options.nowUs,
    outcomes: result.outcomes,
  });
}
