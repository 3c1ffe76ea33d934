import type { FetchJson } from '../../datasource/jaegerClient';
import { RequestPool } from '../../datasource/requestPool';
import {
  buildOrderIndex,
  describeSearch,
  EngineConfig,
  JaegerDialect,
  OrderIndex,
  OrderSpan,
  planStatusWindows,
  readSpans,
  RequestOutcome,
  servicesReporting,
  StatusWindow,
} from '../../engine';
import { OrderTrackerSettings } from '../../settings/types';
import { searchJaeger } from '../searchJaeger';
import { chunkInterval, Interval, mergeIntervals, subtractIntervals } from './intervals';

const MINUTE_US = 60_000_000;
/** A window is never cut finer than this: a full minute is said, not split forever. */
const MIN_WIDTH_US = MINUTE_US;
const MAX_WIDTH_US = 30 * 24 * 60 * MINUTE_US;
/** First guess of how long a window one search can hold is; learnt from the answers after that. */
const FIRST_WIDTH_US = 6 * 60 * MINUTE_US;

/** A window of a status's entries that could not be searched, and why. */
export interface FailedWindow extends Interval {
  message: string;
}

interface StatusState {
  covered: Interval[];
  failed: FailedWindow[];
  widthUs: number;
}

export interface StatusEntriesOptions {
  nowUs: number;
  pool: RequestPool;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * What the searches by status have found: for every status, the windows of entry times searched in
 * full (a search that came back full is cut finer and asked again, never trusted), the windows that
 * failed, and the spans that reported a status. Only status spans are kept, so memory grows with the
 * status changes found, not with whole traces.
 */
export class StatusEntries {
  private readonly states = new Map<string, StatusState>();
  private readonly spans: OrderSpan[] = [];
  private readonly seen = new Set<string>();
  private earliestUs = Infinity;
  /** The dialect the searches settled on (per service after a storage refused one search for all). */
  dialect: JaegerDialect;
  /** Services whose searches failed in this load, with the first reason. */
  readonly failingServices = new Map<string, string>();
  /** Searches answered, and the first failure (a Jaeger that answers none is an error, not a list). */
  answered = 0;
  firstFailure?: string;

  constructor(
    private readonly settings: OrderTrackerSettings,
    private readonly config: EngineConfig,
    private readonly jaeger: FetchJson,
    dialect: JaegerDialect,
    private readonly options: StatusEntriesOptions
  ) {
    this.dialect = dialect;
  }

  private state(status: string): StatusState {
    let state = this.states.get(status);
    if (!state) {
      state = { covered: [], failed: [], widthUs: FIRST_WIDTH_US };
      this.states.set(status, state);
    }
    return state;
  }

  covered(status: string): Interval[] {
    return this.state(status).covered;
  }

  failed(status: string): FailedWindow[] {
    return this.state(status).failed;
  }

  /** How long a window of this status one search is expected to hold, from what came back so far. */
  widthUs(status: string): number {
    return this.state(status).widthUs;
  }

  /**
   * The parts of `window` not yet searched (nor failed), cut to what one search can hold. The setter
   * decides what a status's entries are, so a window searched in the setter alone counts as searched.
   */
  pending(status: string, window: Interval, setterOnly = false): StatusWindow[] {
    const state = this.state(status);
    return subtractIntervals(window, [...state.covered, ...state.failed])
      .flatMap((part) => chunkInterval(part, state.widthUs))
      .map((part) => ({ status, ...part, ...(setterOnly ? { setterOnly } : {}) }));
  }

  /** Sends one wave of searches for these windows; answers settle coverage, failures and widths. */
  async search(windows: StatusWindow[]): Promise<void> {
    if (windows.length === 0) {
      return;
    }
    for (const window of windows) {
      this.earliestUs = Math.min(this.earliestUs, window.startUs);
    }
    const limit = this.settings.indexTraceLimit;
    const result = await searchJaeger(
      (dialect) => planStatusWindows(windows, this.settings, { nowUs: this.options.nowUs, dialect, limit }),
      this.jaeger,
      {
        pool: this.options.pool,
        signal: this.options.signal,
        timeoutMs: this.options.timeoutMs,
        api: this.settings.jaegerApi,
      }
    );
    this.dialect = result.dialect;
    this.keep(result.payloads);
    const skipped = new Set(result.skipped.map((request) => request.id));
    const outcomes = new Map(result.outcomes.map((outcome) => [outcome.request.id, outcome]));
    for (const outcome of result.outcomes) {
      if (outcome.state === 'ok' || outcome.state === 'empty' || outcome.state === 'limit_reached') {
        this.answered++;
      } else {
        this.firstFailure ??= outcome.message ?? outcome.state;
      }
    }
    // The plan lists each window's requests together, one per reporting service, in window order.
    let next = 0;
    for (const window of windows) {
      const services = servicesReporting(window.status, this.settings, result.dialect, window.setterOnly);
      const requests = result.plan.requests.slice(next, next + services.length);
      next += services.length;
      if (requests.some((request) => skipped.has(request.id))) {
        continue;
      }
      this.settle(
        window,
        requests.map((request) => outcomes.get(request.id)).filter((outcome): outcome is RequestOutcome => !!outcome)
      );
    }
  }

  private settle(window: StatusWindow, outcomes: RequestOutcome[]): void {
    const state = this.state(window.status);
    const setter = this.settings.lifecycle.find((definition) => definition.name === window.status)?.setBy;
    // The service that sets the status decides whether its entries are known; the services that
    // only record it add what they have.
    const deciding = outcomes.filter(
      (outcome) => outcome.request.service === undefined || !setter || outcome.request.service === setter
    );
    for (const outcome of outcomes) {
      if ((outcome.state === 'error' || outcome.state === 'timeout') && outcome.request.service) {
        if (!this.failingServices.has(outcome.request.service)) {
          this.failingServices.set(outcome.request.service, outcome.message ?? outcome.state);
        }
      }
    }
    const failed = deciding.find(
      (outcome) => outcome.state === 'error' || outcome.state === 'timeout' || outcome.state === 'aborted'
    );
    const lengthUs = window.endUs - window.startUs;
    if (failed) {
      state.failed.push({ startUs: window.startUs, endUs: window.endUs, message: failureWords(failed) });
      return;
    }
    if (deciding.some((outcome) => outcome.state === 'limit_reached')) {
      if (lengthUs <= MIN_WIDTH_US) {
        state.failed.push({
          startUs: window.startUs,
          endUs: window.endUs,
          message: `more than ${this.settings.indexTraceLimit} traces entered ${window.status} within one minute (raise the index trace limit)`,
        });
        return;
      }
      state.widthUs = Math.max(MIN_WIDTH_US, Math.min(state.widthUs, lengthUs) / 4);
      return;
    }
    state.covered = mergeIntervals([...state.covered, { startUs: window.startUs, endUs: window.endUs }]);
    const traces = Math.max(0, ...deciding.map((outcome) => outcome.traceCount));
    // Aim at half the limit per search, so one a little denser than the last still fits.
    const fitting = traces > 0 ? (lengthUs * this.settings.indexTraceLimit) / (2 * traces) : state.widthUs * 2;
    state.widthUs = Math.min(MAX_WIDTH_US, Math.max(MIN_WIDTH_US, Math.min(fitting, state.widthUs * 4)));
  }

  /** Keeps the spans that report a status (and, for one without the order id, one of its trace that has it). */
  private keep(payloads: unknown[]): void {
    const { spans } = readSpans(payloads, this.config);
    const statusKey = this.config.statusKey;
    const idKey = this.config.orderIdKey;
    const withoutId = new Set<string>();
    for (const span of spans) {
      if (typeof span.attributes[statusKey] === 'string') {
        this.add(span);
        if (!(idKey in span.attributes)) {
          withoutId.add(span.traceId);
        }
      }
    }
    if (withoutId.size > 0) {
      for (const span of spans) {
        if (withoutId.has(span.traceId) && idKey in span.attributes) {
          this.add(span);
          withoutId.delete(span.traceId);
        }
      }
    }
  }

  private add(span: OrderSpan): void {
    const key = `${span.traceId}:${span.spanId}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.spans.push(span);
    }
  }

  /** The engine's index of every status change found so far: each order's latest status. */
  index(): OrderIndex {
    const startUs = Number.isFinite(this.earliestUs) ? this.earliestUs : this.options.nowUs;
    return buildOrderIndex(
      this.spans,
      this.config,
      { startUs, endUs: this.options.nowUs },
      { nowUs: this.options.nowUs }
    );
  }
}

function failureWords(outcome: RequestOutcome): string {
  const what = `the search of ${describeSearch(outcome.request)}`;
  return outcome.state === 'timeout'
    ? `${what} timed out${outcome.message ? ` (${outcome.message})` : ''}`
    : `${what} failed${outcome.message ? `: ${outcome.message}` : ''}`;
}
