import { OrderIndex, StuckOrder } from '../engine';
import { StatusDefinition } from '../settings/types';

/** What Prometheus says about the statuses (instant values). */
export interface MetricsSnapshot {
  inStatus: Map<string, number>;
  /** Epoch seconds the oldest order still in the status entered it. */
  oldestEnteredSeconds: Map<string, number>;
}

export interface StatusCrossCheck {
  status: string;
  slaSeconds: number;
  traceInStatus: number;
  metricsInStatus?: number;
  traceStuck: number;
  /** Prometheus says the oldest order of the status is past the SLA. */
  metricsPastSla?: boolean;
  traceOldestUs?: number;
  metricsOldestUs?: number;
  /** Plain-words disagreements; empty when traces and metrics agree. */
  mismatches: string[];
}

const US = 1_000_000;
/** Prometheus scrapes and Jaeger timestamps differ by a little; more than this is a disagreement. */
const OLDEST_TOLERANCE_US = 60 * US;

/**
 * Compares the engine's trace-derived view with Prometheus' gauges per status with an SLA, so a
 * disagreement (orders the index missed, metrics that lag) is shown instead of hidden.
 */
export function crossCheck(
  lifecycle: StatusDefinition[],
  index: OrderIndex,
  stuck: StuckOrder[],
  metrics: MetricsSnapshot,
  nowUs: number
): StatusCrossCheck[] {
  const checks: StatusCrossCheck[] = [];
  for (const definition of lifecycle) {
    if (definition.terminal || definition.slaSeconds === null) {
      continue;
    }
    const status = definition.name;
    const inStatus = index.orders.filter((order) => order.currentStatus === status);
    const traceOldestUs = inStatus.reduce<number | undefined>(
      (min, order) => (min === undefined || order.enteredAtUs < min ? order.enteredAtUs : min),
      undefined
    );
    const traceStuck = stuck.filter((order) => order.status === status).length;
    const metricsInStatus = metrics.inStatus.get(status);
    const oldestSeconds = metrics.oldestEnteredSeconds.get(status);
    const metricsOldestUs = oldestSeconds !== undefined && oldestSeconds > 0 ? oldestSeconds * US : undefined;
    const metricsPastSla =
      metricsOldestUs !== undefined
        ? nowUs - metricsOldestUs > definition.slaSeconds * US
        : metricsInStatus !== undefined
          ? false
          : undefined;
    const mismatches: string[] = [];
    if (metricsInStatus !== undefined && metricsInStatus !== inStatus.length) {
      mismatches.push(`Prometheus counts ${metricsInStatus} orders in ${status}, the traces ${inStatus.length}.`);
    }
    if (metricsPastSla === true && traceStuck === 0) {
      mismatches.push(
        `Prometheus says the oldest order in ${status} is past its SLA, but no trace shows a stuck order: the index may have missed it.`
      );
    }
    if (metricsPastSla === false && traceStuck > 0) {
      mismatches.push(
        `The traces show ${traceStuck} stuck in ${status}, but Prometheus' oldest order there is within the SLA.`
      );
    }
    if (
      metricsOldestUs !== undefined &&
      traceOldestUs !== undefined &&
      Math.abs(metricsOldestUs - traceOldestUs) > OLDEST_TOLERANCE_US
    ) {
      mismatches.push(`The oldest order in ${status} entered it at different times in Prometheus and in the traces.`);
    }
    checks.push({
      status,
      slaSeconds: definition.slaSeconds,
      traceInStatus: inStatus.length,
      metricsInStatus,
      traceStuck,
      metricsPastSla,
      traceOldestUs,
      metricsOldestUs,
      mismatches,
    });
  }
  return checks;
}
