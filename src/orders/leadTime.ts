import { OrderIndex } from '../engine';
import { StatusDefinition } from '../settings/types';

export interface LeadTimeStage {
  status: string;
  meanSeconds: number;
  stays: number;
  slaSeconds: number | null;
}

/** Mean completed stay per non-terminal status (the lead-time breakdown) from the trace samples. */
export function leadTimeFromIndex(index: OrderIndex, lifecycle: StatusDefinition[]): LeadTimeStage[] {
  return (
    lifecycle
      // From the first status with an SLA on: a draft without SLA is not part of the lead time.
      .filter((status) => !status.terminal && status.slaSeconds !== null)
      .map((status) => {
        const samples = index.timeInStatus[status.name] ?? [];
        const total = samples.reduce((sum, sample) => sum + sample.durationUs / 1_000_000, 0);
        return {
          status: status.name,
          meanSeconds: samples.length > 0 ? total / samples.length : 0,
          stays: samples.length,
          slaSeconds: status.slaSeconds,
        };
      })
  );
}

/** The same breakdown from Prometheus' mean per status. */
export function leadTimeFromMetrics(means: Map<string, number>, lifecycle: StatusDefinition[]): LeadTimeStage[] {
  return (
    lifecycle
      // From the first status with an SLA on: a draft without SLA is not part of the lead time.
      .filter((status) => !status.terminal && status.slaSeconds !== null)
      .map((status) => {
        const mean = means.get(status.name);
        return {
          status: status.name,
          meanSeconds: mean !== undefined && Number.isFinite(mean) ? mean : 0,
          stays: mean !== undefined && Number.isFinite(mean) ? -1 : 0,
          slaSeconds: status.slaSeconds,
        };
      })
  );
}
