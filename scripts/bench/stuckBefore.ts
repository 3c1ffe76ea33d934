/**
 * The stuck-orders load as it was before the status searches by time slice (for the benchmark's
 * "before" rows): one index wave over the page's range (every status, capped at indexTraceLimit
 * traces each, newest first), stuck detection on that index, full lookups of the 50 most overdue.
 */
import { executePlan, FetchJson } from '../../src/datasource/jaegerClient';
import { dialectOf } from '../../src/datasource/jaegerDialect';
import {
  compileConfig,
  explainStuckOrders,
  findStuckOrders,
  planStuckCauses,
  reconstructOrder,
  ServiceWait,
  serviceWaitOf,
  StuckOrder,
} from '../../src/engine';
import { loadOrderIndex } from '../../src/orders/loadOrderIndex';
import { attachServiceErrors, searchServiceErrors } from '../../src/orders/serviceErrors';
import { OrderTrackerSettings } from '../../src/settings/types';

export async function previousStuckLoad(
  settings: OrderTrackerSettings,
  jaeger: FetchJson,
  options: { nowUs: number; windowSeconds: number; causeLimit?: number }
): Promise<{ stuck: StuckOrder[]; warnings: number }> {
  const config = compileConfig(settings);
  const { nowUs } = options;
  const index = await loadOrderIndex(settings, jaeger, { nowUs, windowSeconds: options.windowSeconds });
  const { dialect } = await dialectOf(jaeger, settings.jaegerApi);
  const found = findStuckOrders(index, config, nowUs);
  const chosen = found.slice(0, options.causeLimit ?? 50);
  const waits = chosen
    .map((order) =>
      serviceWaitOf({ orderId: order.orderId, status: order.status, enteredAtUs: order.enteredAtUs }, config, nowUs)
    )
    .filter((wait): wait is ServiceWait => wait !== undefined);
  const [lookedUp, context] = await Promise.all([
    Promise.all(
      chosen.map(async (order) => {
        const plan = planStuckCauses([order], settings, { nowUs, maxOrders: 1, dialect });
        const causes = await executePlan(plan, jaeger);
        return reconstructOrder(order.orderId, causes.payloads, config, { nowUs, outcomes: causes.outcomes });
      })
    ),
    searchServiceErrors(waits, settings, jaeger, { nowUs, dialect }),
  ]);
  const timelines = attachServiceErrors(lookedUp, context, config, nowUs);
  return { stuck: explainStuckOrders(found, timelines), warnings: index.warnings.length };
}
