import type { PoolLimits, PoolUse } from '../../datasource/requestPool';
import { EngineWarning, StuckOrder } from '../../engine';
import { OrderCount } from './ageDistribution';
import { StuckMetrics } from './stuckMetrics';

/** One row of the stuck-orders table. */
export interface StuckRow extends StuckOrder {
  /**
   * `confirmed`: the order's own lookup answered in full and shows it still in `status`, past its
   * SLA. `unconfirmed`: a search failed, so where the order is now is unknown; `status` is where it
   * was last seen, and no cause is named.
   */
  check: 'confirmed' | 'unconfirmed';
  /** What could not be searched for this row, in plain words (never dropped silently). */
  doubts: string[];
}

/** How complete the list is for one status, against what Prometheus counts. */
export interface StatusCompleteness {
  status: string;
  slaSeconds: number;
  /** Orders past the SLA per the age distribution; undefined when Prometheus cannot say. */
  pastSla?: OrderCount;
  /** Rows whose status is confirmed. */
  listed: number;
  /** Rows whose current status could not be confirmed (a search failed). */
  unconfirmed: number;
  /** Past SLA per Prometheus but not listed as confirmed (exact when `pastSla` is). */
  notListed?: OrderCount;
  /** Orders seen entering the status long enough ago that the budget left unchecked. */
  unchecked: number;
  /** Entries into the status were searched from here (Prometheus' oldest entry or the look-back limit). */
  searchedFromUs?: number;
  /** Why some are not listed, and any disagreement with Prometheus, in plain words. */
  notes: string[];
}

export interface StuckOrdersResult {
  /** Most overdue first. */
  stuck: StuckRow[];
  /** One per status with an SLA, in lifecycle order. */
  statuses: StatusCompleteness[];
  metrics: StuckMetrics;
  budget: {
    limits: PoolLimits;
    use: PoolUse;
    stoppedEarly: boolean;
    /**
     * When the budget stopped the search: every order more overdue than this was searched and looked
     * up (a few less overdue ones found on the way may be listed too).
     */
    completeAboveOverdueUs?: number;
  };
  warnings: EngineWarning[];
  nowUs: number;
  /** Orders the status searches saw that had entered a watched status long enough ago to be stuck. */
  examined: number;
}
