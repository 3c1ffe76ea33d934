import type { FetchJson } from '../datasource/grafanaProxy';
import { executePlan } from '../datasource/jaegerClient';
import { dialectOf } from '../datasource/jaegerDialect';
import { loadOrderIndex } from './loadOrderIndex';
import {
  EngineWarning,
  OrderIndex,
  StuckOrder,
  compileConfig,
  explainStuckOrders,
  findStuckOrders,
  outcomeWarnings,
  planStuckCauses,
  reconstructOrder,
  serviceWaitOf,
  ServiceWait,
} from '../engine';
import { OrderTrackerSettings } from '../settings/types';
import { attachServiceErrors, searchServiceErrors } from './serviceErrors';

export interface StuckOrdersResult {
  index: OrderIndex;
  stuck: StuckOrder[];
  /** How many of the most overdue orders got a full lookup for their cause. */
  explained: number;
  warnings: EngineWarning[];
  nowUs: number;
}

export interface LoadOptions {
  nowUs: number;
  /** Index window in seconds (the page's time range); the settings' lookback by default. */
  windowSeconds?: number;
  /** Most overdue orders looked up in full to name their cause (a second, parallel wave). */
  causeLimit?: number;
  signal?: AbortSignal;
}

/**
 * The orders past their SLA: one wave of index searches (service × status), stuck detection, then
 * one wave of full lookups for the most overdue orders (with the searches for failures without an
 * order id of the services they wait for) so each row can name its likely cause.
 */
export async function loadStuckOrders(
  settings: OrderTrackerSettings,
  jaeger: FetchJson,
  options: LoadOptions
): Promise<StuckOrdersResult> {
  const config = compileConfig(settings);
  const { nowUs, signal } = options;
  const index = await loadOrderIndex(settings, jaeger, { nowUs, windowSeconds: options.windowSeconds, signal });
  // Learnt by the index load: no request here.
  const { dialect } = await dialectOf(jaeger, settings.jaegerApi, signal);
  const found = findStuckOrders(index, config, nowUs);
  const chosen = found.slice(0, options.causeLimit ?? 50);
  const warnings = [...index.warnings];
  // One plan per order, and one search per service for failures without an order id over the
  // windows these orders waited in, all sent at once: a single wave in time, each order's payloads apart.
  const waits = chosen
    .map((order) => serviceWaitOf({ orderId: order.orderId, status: order.status, enteredAtUs: order.enteredAtUs }, config, nowUs))
    .filter((wait): wait is ServiceWait => wait !== undefined);
  const [lookedUp, context] = await Promise.all([
    Promise.all(
      chosen.map(async (order) => {
        const causePlan = planStuckCauses([order], settings, { nowUs, maxOrders: 1, dialect });
        const causes = await executePlan(causePlan, jaeger, { signal });
        return reconstructOrder(order.orderId, causes.payloads, config, { nowUs, outcomes: causes.outcomes });
      })
    ),
    searchServiceErrors(waits, settings, jaeger, { nowUs, signal, dialect }),
  ]);
  warnings.push(...outcomeWarnings(context.outcomes));
  const timelines = attachServiceErrors(lookedUp, context, config, nowUs);
  const stuck = explainStuckOrders(found, timelines);
  if (found.length > chosen.length) {
    warnings.push({
      code: 'other',
      message: `Causes were looked up in full for the ${chosen.length} most overdue of ${found.length} stuck orders; the others show what the index found.`,
    });
  }
  return { index, stuck, explained: chosen.length, warnings, nowUs };
}
