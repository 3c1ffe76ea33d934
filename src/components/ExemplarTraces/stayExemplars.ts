import type { Exemplar } from '../../datasource/prometheusExemplars';
import { StatusDefinition } from '../../settings/types';

/** One order's completed stay in a status, as an exemplar of the time-in-status histogram names it. */
export interface StayExemplar {
  /** The status the order left. */
  status: string;
  orderId?: string;
  /** The trace of the step that ended the stay. */
  traceId: string;
  stayedSeconds: number;
  /** When the stay was observed (the exemplar's time, epoch ms). */
  observedAtMs: number;
  slaSeconds: number | null;
}

/** How many stays each status lists: the longest ones, which are the ones worth opening. */
export const STAYS_PER_STATUS = 3;

/**
 * The stays behind the heatmaps: exemplars with a trace id and a status, each trace once per status,
 * grouped in lifecycle order and the longest first within a status.
 */
export function stayExemplarsFrom(
  exemplars: Exemplar[],
  lifecycle: StatusDefinition[],
  perStatus = STAYS_PER_STATUS
): StayExemplar[] {
  const byStatus = new Map<string, Map<string, StayExemplar>>();
  for (const exemplar of exemplars) {
    const status = exemplar.seriesLabels.status;
    const traceId = exemplar.labels.trace_id;
    if (!status || !traceId) {
      continue;
    }
    const stays = byStatus.get(status) ?? new Map<string, StayExemplar>();
    byStatus.set(status, stays);
    stays.set(traceId, {
      status,
      orderId: exemplar.labels.order_id,
      traceId,
      stayedSeconds: exemplar.value,
      observedAtMs: exemplar.timestampMs,
      slaSeconds: lifecycle.find((definition) => definition.name === status)?.slaSeconds ?? null,
    });
  }
  const order = (status: string) => {
    const index = lifecycle.findIndex((definition) => definition.name === status);
    return index < 0 ? lifecycle.length : index;
  };
  return [...byStatus.entries()]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .flatMap(([, stays]) => [...stays.values()].sort((a, b) => b.stayedSeconds - a.stayedSeconds).slice(0, perStatus));
}
