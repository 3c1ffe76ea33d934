import type { FetchJson } from '../datasource/grafanaProxy';
import { dialectOf } from '../datasource/jaegerDialect';
import { RequestPool } from '../datasource/requestPool';
import {
  compileConfig,
  EngineConfig,
  EngineWarning,
  expectedNextStatus,
  explainStuckOrders,
  findStuckOrders,
  formatClock,
  OrderIndex,
  OrderTimeline,
  ServiceWait,
  StatusWindow,
  StuckOrder,
  unexplainedWaitOf,
} from '../engine';
import { OrderTrackerSettings } from '../settings/types';
import { attachServiceErrors, searchServiceErrors } from './serviceErrors';
import {
  bucketProblem,
  emptyEntryRanges,
  ordersInDistribution,
  ordersOlderThan,
  OrderCount,
} from './stuck/ageDistribution';
import { Interval, mergeIntervals, subtractIntervals } from './stuck/intervals';
import { StatusEntries } from './stuck/statusEntries';
import { loadStuckMetrics, StuckMetrics } from './stuck/stuckMetrics';
import { StatusCompleteness, StuckOrdersResult, StuckRow } from './stuck/types';
import { Verdict, verifyCandidates } from './stuck/verifyCandidates';

export type { StatusCompleteness, StuckOrdersResult, StuckRow } from './stuck/types';
export type { StuckMetrics } from './stuck/stuckMetrics';

export interface LoadOptions {
  nowUs: number;
  signal?: AbortSignal;
  /** Per Jaeger request, once it has a connection (default 15 s). */
  timeoutMs?: number;
  /** Per Prometheus query (default 10 s). */
  prometheusTimeoutMs?: number;
  /** Overrides the settings' budget (the benchmark, tests). */
  budget?: { requests?: number; bytes?: number };
  /** Requests in flight at once (default: the browser's six connections). */
  concurrency?: number;
}

const US = 1_000_000;
const HOUR_US = 3600 * US;
/** Ages read from a scrape a little while ago, and clocks differ: ranges Prometheus says are empty shrink by this. */
const AGE_MARGIN_US = 5 * 60 * US;
/** Requests of one wave of status searches; the rest follow in the next. */
const STATUS_WAVE_REQUESTS = 48;
/** Candidates looked up per wave (the pool still runs them six at a time). */
const VERIFY_WAVE = 60;
/** However the answers come, one load ends after this many waves. */
const MAX_WAVES = 400;

/** One status with an SLA, as the search walks its entries from the most overdue on. */
interface StatusPlan {
  name: string;
  slaSeconds: number;
  /** Entries are searched in [startUs, endUs): older than now − SLA. */
  startUs: number;
  endUs: number;
  /** Entries before this have been searched (or failed, or are known empty). */
  cursorUs: number;
  /** Entry times Prometheus says no order of the status has now. */
  empty: Interval[];
  /** Statuses whose entry proves an order left this one. */
  exits: string[];
  /**
   * How long after a slice its orders' exits are searched in bulk: an order within its SLA has left
   * by then. One that left later (late, but not stuck now) is found out by its own lookup; a longer
   * horizon would spend the byte budget on entries far ahead of the most overdue.
   */
  horizonUs: number;
  pastSla?: OrderCount;
  notes: string[];
  /** Nothing to search (Prometheus counts nobody past the SLA). */
  skipped: boolean;
}

/**
 * The orders past their SLA, complete up to a request and byte budget, most overdue first.
 * Prometheus says how many per status and since when (the age distribution, the oldest entry);
 * traces say which: the entries into each status old enough to be overdue are searched in time
 * slices from the oldest on (a slice that comes back full is cut finer, never trusted), together
 * with the entries of the status that follows, which prove an order moved on. Every order left is
 * looked up on its own, which confirms where it is now and names the cause; an order whose lookup
 * fails is listed as unconfirmed, never with a status it may have left.
 */
export async function loadStuckOrders(
  settings: OrderTrackerSettings,
  datasources: { jaeger: FetchJson; prometheus?: FetchJson },
  options: LoadOptions
): Promise<StuckOrdersResult> {
  const config = compileConfig(settings);
  const { nowUs, signal } = options;
  const budget = {
    requests: settings.stuckRequestBudget,
    bytes: settings.stuckMegabyteBudget * 1024 * 1024,
    ...definedOnly(options.budget),
  };
  // The last requests are kept for the search of failures without an order id (one per service).
  const reserve = Math.min(Math.max(0, budget.requests - 1), settings.services.length + 1);
  const pool = new RequestPool({
    concurrency: options.concurrency,
    maxRequests: budget.requests - reserve,
    maxBytes: budget.bytes,
  });
  const [metrics, detected] = await Promise.all([
    loadStuckMetrics(datasources.prometheus, { pool, signal, timeoutMs: options.prometheusTimeoutMs }),
    dialectOf(datasources.jaeger, settings.jaegerApi, signal),
  ]);
  const plans = planStatuses(settings, config, metrics, nowUs);
  const entries = new StatusEntries(settings, config, datasources.jaeger, detected.dialect, {
    nowUs,
    pool,
    signal,
    timeoutMs: options.timeoutMs,
  });
  const walk = await walkMostOverdueFirst(plans, entries, settings, config, datasources.jaeger, pool, options);
  if (entries.answered === 0 && entries.firstFailure !== undefined) {
    throw new Error(`Jaeger did not answer any search: ${entries.firstFailure}`);
  }
  const reservePool = new RequestPool({ concurrency: options.concurrency, maxRequests: reserve });
  const rows = await nameServiceErrors(walk.rows, walk.timelines, settings, config, datasources.jaeger, {
    nowUs,
    signal,
    timeoutMs: options.timeoutMs,
    pool: reservePool,
    dialect: entries.dialect,
  });
  rows.sort((a, b) => b.overdueUs - a.overdueUs || (a.orderId < b.orderId ? -1 : 1));
  const use = pool.use;
  const reserveUse = reservePool.use;
  const warnings: EngineWarning[] = walk.index.warnings.filter(
    (warning) => warning.code !== 'limit_reached' && warning.code !== 'partial_result'
  );
  if (detected.dialect.serviceless && !entries.dialect.serviceless) {
    warnings.push({
      code: 'other',
      message:
        'This Jaeger cannot search every service at once: each status was searched in the services that report it.',
    });
  }
  return {
    stuck: rows,
    statuses: completeness(plans, rows, walk.unchecked, entries, metrics),
    metrics,
    budget: {
      limits: { ...pool.limits, maxRequests: budget.requests },
      use: {
        requests: use.requests + reserveUse.requests,
        bytes: use.bytes + reserveUse.bytes,
        refused: use.refused + reserveUse.refused,
        ...(use.exhausted ? { exhausted: use.exhausted } : {}),
      },
      stoppedEarly: walk.stoppedEarly,
      ...(walk.completeAboveUs !== undefined ? { completeAboveOverdueUs: walk.completeAboveUs } : {}),
    },
    warnings,
    nowUs,
    examined: walk.index.orders.length,
  };
}

function definedOnly(budget: LoadOptions['budget']): { requests?: number; bytes?: number } {
  const out: { requests?: number; bytes?: number } = {};
  if (budget?.requests !== undefined) {
    out.requests = budget.requests;
  }
  if (budget?.bytes !== undefined) {
    out.bytes = budget.bytes;
  }
  return out;
}

/** Where each status's search starts and ends, and what Prometheus already rules out. */
function planStatuses(
  settings: OrderTrackerSettings,
  config: EngineConfig,
  metrics: StuckMetrics,
  nowUs: number
): StatusPlan[] {
  const lookbackStartUs = nowUs - settings.lookbackSeconds * US;
  const nexts = new Set(settings.lifecycle.filter((s) => !s.terminal).map((s) => expectedNextStatus(config, s.name)));
  // Terminal statuses no status leads to in the lifecycle (a cancellation): an exit from anywhere.
  const sideExits = settings.lifecycle.filter((s) => s.terminal && !nexts.has(s.name)).map((s) => s.name);
  const plans: StatusPlan[] = [];
  for (const definition of settings.lifecycle) {
    if (definition.terminal || definition.slaSeconds === null) {
      continue;
    }
    const slaUs = definition.slaSeconds * US;
    const endUs = nowUs - slaUs;
    const notes: string[] = [];
    let startUs = lookbackStartUs;
    let pastSla: OrderCount | undefined;
    let empty: Interval[] = [];
    let nobody = false;
    if (metrics.state === 'ok') {
      const buckets = metrics.ages.get(definition.name);
      const problem = buckets && bucketProblem(buckets);
      if (problem) {
        // Not a count of orders: trust neither its total nor its empty ranges; search them all.
        notes.push(
          `Prometheus' age distribution of this status cannot be right (${problem}): how many are past SLA is unknown.`
        );
      } else if (buckets && ordersInDistribution(buckets) !== undefined) {
        pastSla = ordersOlderThan(buckets, definition.slaSeconds);
        empty = emptyEntryRanges(buckets, definition.slaSeconds, nowUs, AGE_MARGIN_US);
      } else if (metrics.ages.size > 0) {
        // The distribution covers the statuses orders are in; a status without one has nobody.
        pastSla = { min: 0, max: 0 };
      }
      const oldestUs = metrics.oldestEnteredUs.get(definition.name);
      if (oldestUs !== undefined && oldestUs > nowUs + AGE_MARGIN_US) {
        notes.push(
          `Prometheus says its oldest order entered it at ${formatClock(oldestUs)}, which is in the future: searched from the look-back limit instead.`
        );
      } else if (oldestUs !== undefined) {
        startUs = Math.max(lookbackStartUs, oldestUs - AGE_MARGIN_US);
        if (oldestUs < lookbackStartUs) {
          notes.push(
            `Its oldest order entered it at ${formatClock(oldestUs)}, before the look-back limit (${Math.round(settings.lookbackSeconds / 86400)} d): orders that old are not searched.`
          );
        }
      } else if (metrics.oldestEnteredUs.size > 0) {
        nobody = true;
      }
    }
    const next = expectedNextStatus(config, definition.name);
    const exits = [...new Set([...(next ? [next] : []), ...sideExits])].filter((status) => status !== definition.name);
    plans.push({
      name: definition.name,
      slaSeconds: definition.slaSeconds,
      startUs,
      endUs,
      cursorUs: startUs,
      empty,
      exits,
      horizonUs: Math.max(HOUR_US, slaUs),
      pastSla,
      notes,
      // Two series disagreeing (no oldest entry, yet orders past SLA) means searching, not skipping.
      skipped: (nobody && !(pastSla !== undefined && pastSla.max > 0)) || pastSla?.max === 0 || startUs >= endUs,
    });
  }
  return plans;
}

interface Walk {
  rows: StuckRow[];
  timelines: OrderTimeline[];
  unchecked: StuckOrder[];
  index: OrderIndex;
  stoppedEarly: boolean;
  /** When it stopped early: every order more overdue than this was searched and looked up. */
  completeAboveUs?: number;
}

const done = (plan: StatusPlan) => plan.skipped || plan.cursorUs >= plan.endUs;
/** How overdue the most overdue entry not searched yet could be. */
const frontierOf = (plan: StatusPlan) => (done(plan) ? -Infinity : plan.endUs - plan.cursorUs);

/**
 * The walk: status searches and lookups alternate so that an order is looked up only when no
 * unsearched entry could be more overdue, and the budget, when it runs out, leaves exactly the least
 * overdue unlisted.
 */
async function walkMostOverdueFirst(
  plans: StatusPlan[],
  entries: StatusEntries,
  settings: OrderTrackerSettings,
  config: EngineConfig,
  jaeger: FetchJson,
  pool: RequestPool,
  options: LoadOptions
): Promise<Walk> {
  const byName = new Map(plans.map((plan) => [plan.name, plan]));
  const decided = new Decided();
  const rows: StuckRow[] = [];
  const timelines: OrderTimeline[] = [];
  let index = entries.index();
  let candidates: StuckOrder[] = [];
  let stoppedEarly = false;
  const searched = (order: StuckOrder) => {
    const plan = byName.get(order.status);
    return !!plan && !plan.skipped && (done(plan) || order.enteredAtUs < plan.cursorUs);
  };
  for (let wave = 0; wave < MAX_WAVES; wave++) {
    if (options.signal?.aborted) {
      throw new Error('cancelled');
    }
    if (pool.exhausted()) {
      stoppedEarly = true;
      break;
    }
    const frontier = Math.max(-Infinity, ...plans.map(frontierOf));
    const ready = candidates.filter((order) => !decided.has(order) && searched(order) && order.overdueUs >= frontier);
    if (ready.length > 0) {
      const batch = ready.slice(0, VERIFY_WAVE);
      const verdicts = await verifyCandidates(batch, settings, config, jaeger, {
        nowUs: options.nowUs,
        dialect: entries.dialect,
        pool,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
      verdicts.forEach((verdict, position) => record(verdict, batch[position], decided, rows, timelines));
      if (verdicts.some((verdict) => verdict.kind === 'unchecked')) {
        stoppedEarly = true;
        break;
      }
      continue;
    }
    const active = plans.filter((plan) => !done(plan));
    if (active.length === 0) {
      break;
    }
    const progressed = await searchNextSlices(active, frontier, entries, options);
    index = entries.index();
    candidates = findStuckOrders(index, config, options.nowUs);
    if (!progressed) {
      stoppedEarly = pool.exhausted() !== undefined;
      break;
    }
  }
  // Orders seen entering a status beyond its searched entries are not candidates yet: not counted.
  const unchecked = candidates.filter((order) => !decided.has(order) && searched(order));
  const early = stoppedEarly || plans.some((plan) => !done(plan));
  const completeAboveUs = early
    ? Math.max(0, ...plans.map(frontierOf), ...unchecked.map((order) => order.overdueUs))
    : undefined;
  return { rows, timelines, unchecked, index, stoppedEarly: early, completeAboveUs };
}

/**
 * Which candidates are settled: an order with a row for good; an order that left a status only for
 * that status (it may turn up again as a candidate of the status it moved on to).
 */
class Decided {
  private readonly listed = new Set<string>();
  private readonly left = new Set<string>();

  has(order: StuckOrder): boolean {
    return this.listed.has(order.orderId) || this.left.has(`${order.orderId}\u0000${order.status}`);
  }

  leftStatus(order: StuckOrder): void {
    this.left.add(`${order.orderId}\u0000${order.status}`);
  }

  list(orderId: string): boolean {
    const known = this.listed.has(orderId);
    this.listed.add(orderId);
    return !known;
  }
}

function record(
  verdict: Verdict,
  candidate: StuckOrder,
  decided: Decided,
  rows: StuckRow[],
  timelines: OrderTimeline[]
): void {
  if (verdict.kind === 'unchecked') {
    return;
  }
  if (verdict.kind === 'moved') {
    decided.leftStatus(candidate);
    return;
  }
  decided.list(candidate.orderId);
  if (!decided.list(verdict.row.orderId) && verdict.row.orderId !== candidate.orderId) {
    return;
  }
  if (rows.some((row) => row.orderId === verdict.row.orderId)) {
    return;
  }
  rows.push(verdict.row);
  if (verdict.kind === 'stuck') {
    timelines.push(verdict.timeline);
  }
}

/**
 * One wave of status searches: for each status near the frontier, its next slice of entries and the
 * entries of the statuses that would prove its orders moved on. False when nothing could be asked.
 */
async function searchNextSlices(
  active: StatusPlan[],
  frontier: number,
  entries: StatusEntries,
  options: LoadOptions
): Promise<boolean> {
  // Per status: the windows its own orders need (every service that reports it) and the windows
  // that only prove other orders moved on to it (its setter is enough).
  const wanted = new Map<string, { all: Interval[]; setter: Interval[] }>();
  const want = (status: string, interval: Interval, setterOnly: boolean) => {
    const entry = wanted.get(status) ?? { all: [], setter: [] };
    (setterOnly ? entry.setter : entry.all).push(interval);
    wanted.set(status, entry);
  };
  const slices = new Map<StatusPlan, { endUs: number; exits: Interval }>();
  for (const plan of active) {
    const width = entries.widthUs(plan.name);
    if (frontierOf(plan) < frontier - Math.max(width, HOUR_US)) {
      continue;
    }
    const slice = { startUs: plan.cursorUs, endUs: Math.min(plan.endUs, plan.cursorUs + width) };
    for (const part of subtractIntervals(slice, plan.empty)) {
      want(plan.name, part, false);
    }
    const exitWindow = {
      startUs: slice.startUs - 2 * US,
      endUs: Math.min(options.nowUs, slice.endUs + plan.horizonUs),
    };
    slices.set(plan, { endUs: slice.endUs, exits: exitWindow });
    for (const exit of plan.exits) {
      want(exit, exitWindow, true);
    }
  }
  const windows: StatusWindow[] = [];
  for (const [status, { all, setter }] of wanted) {
    const everyService = mergeIntervals(all);
    for (const interval of everyService) {
      windows.push(...entries.pending(status, interval));
    }
    for (const interval of mergeIntervals(setter)) {
      for (const part of subtractIntervals(interval, everyService)) {
        windows.push(...entries.pending(status, part, true));
      }
    }
  }
  // Oldest first, so a capped wave leaves the least overdue for the next.
  windows.sort((a, b) => a.startUs - b.startUs);
  const capped = capByRequests(windows, STATUS_WAVE_REQUESTS, entries);
  const before = active.map((plan) => plan.cursorUs);
  await entries.search(capped);
  for (const [plan, slice] of slices) {
    // A slice is behind the cursor only once the entries proving its orders moved on are in too
    // (or failed): its orders are looked up one by one after that, and each lookup costs a request.
    const exitsSettled = plan.exits.every(
      (exit) => subtractIntervals(slice.exits, [...entries.covered(exit), ...entries.failed(exit)]).length === 0
    );
    if (!exitsSettled) {
      continue;
    }
    const settled = [...entries.covered(plan.name), ...entries.failed(plan.name), ...plan.empty];
    const open = subtractIntervals({ startUs: plan.cursorUs, endUs: slice.endUs }, settled);
    plan.cursorUs = open.length > 0 ? open[0].startUs : slice.endUs;
  }
  return capped.length > 0 || active.some((plan, position) => plan.cursorUs !== before[position]);
}

function capByRequests(windows: StatusWindow[], maxRequests: number, entries: StatusEntries): StatusWindow[] {
  const out: StatusWindow[] = [];
  let requests = 0;
  const perWindow = entries.dialect.serviceless ? 1 : 2;
  for (const window of windows) {
    if (requests + perWindow > maxRequests && out.length > 0) {
      break;
    }
    out.push(window);
    requests += perWindow;
  }
  return out;
}

/**
 * The confirmed rows nothing of their own explains get the failures without an order id of the
 * service they wait for (one search per service); a search that fails is named on those rows.
 */
async function nameServiceErrors(
  rows: StuckRow[],
  timelines: OrderTimeline[],
  settings: OrderTrackerSettings,
  config: EngineConfig,
  jaeger: FetchJson,
  options: Parameters<typeof searchServiceErrors>[3]
): Promise<StuckRow[]> {
  const waits = timelines
    .map((timeline) => unexplainedWaitOf(timeline, config))
    .filter((wait): wait is ServiceWait => wait !== undefined);
  if (waits.length === 0) {
    return rows;
  }
  const search = await searchServiceErrors(waits, settings, jaeger, options);
  const explained = explainStuckOrders(rows, attachServiceErrors(timelines, search, config, options.nowUs));
  const failedServices = new Map<string, string>();
  for (const outcome of search.outcomes) {
    if (outcome.state === 'error' || outcome.state === 'timeout' || outcome.state === 'aborted') {
      failedServices.set(
        outcome.request.service ?? '',
        outcome.state === 'timeout' ? 'timed out' : `failed${outcome.message ? ` (${outcome.message})` : ''}`
      );
    }
  }
  for (const skipped of search.skipped ?? []) {
    failedServices.set(skipped.service ?? '', 'was not sent: the request budget was spent');
  }
  const waitingFor = new Map(waits.map((wait) => [wait.orderId, wait.service]));
  return explained.map((order, position) => {
    const row: StuckRow = { ...order, check: rows[position].check, doubts: rows[position].doubts };
    const service = waitingFor.get(order.orderId);
    const failure = service !== undefined ? failedServices.get(service) : undefined;
    if (failure && (!order.causeEvidence || order.causeEvidence.kind === 'expected_status_missing')) {
      row.doubts = [
        ...row.doubts,
        `The search of ${service} for failed requests without an order id ${failure}: a cause there cannot be named.`,
      ];
    }
    return row;
  });
}

/** Per status: listed against Prometheus' count, and every reason some are not listed. */
function completeness(
  plans: StatusPlan[],
  rows: StuckRow[],
  unchecked: StuckOrder[],
  entries: StatusEntries,
  metrics: StuckMetrics
): StatusCompleteness[] {
  return plans.map((plan) => {
    const listed = rows.filter((row) => row.status === plan.name && row.check === 'confirmed').length;
    const unconfirmed = rows.filter((row) => row.status === plan.name && row.check === 'unconfirmed').length;
    const notChecked = unchecked.filter((order) => order.status === plan.name).length;
    const notes = [...plan.notes];
    // One note per reason and stretch of time, not one per slice that failed.
    const byReason = new Map<string, Interval[]>();
    for (const failed of entries.failed(plan.name)) {
      byReason.set(failed.message, [...(byReason.get(failed.message) ?? []), failed]);
    }
    for (const [message, windows] of byReason) {
      for (const window of mergeIntervals(windows)) {
        notes.push(
          `Entries between ${formatClock(window.startUs)} and ${formatClock(window.endUs)} could not be searched: ${message}.`
        );
      }
    }
    if (!done(plan)) {
      notes.push(
        `Entries after ${formatClock(plan.cursorUs)} were not searched: the budget was spent on more overdue orders.`
      );
    }
    if (notChecked > 0) {
      notes.push(
        `${notChecked} order${notChecked === 1 ? '' : 's'} last seen entering it long enough ago ${notChecked === 1 ? 'was' : 'were'} not checked: the budget was spent.`
      );
    }
    if (plan.pastSla && listed > plan.pastSla.max) {
      notes.push(
        `The traces show ${listed} past the SLA, Prometheus counts ${plan.pastSla.max}: the age distribution is a scrape behind, or the services disagree about the status.`
      );
    }
    if (metrics.state === 'ok' && metrics.ages.size === 0) {
      notes.push(
        'Prometheus has no age distribution (order_status_age_seconds): how many are past the SLA is unknown.'
      );
    }
    const notListed = plan.pastSla
      ? { min: Math.max(0, plan.pastSla.min - listed), max: Math.max(0, plan.pastSla.max - listed) }
      : undefined;
    return {
      status: plan.name,
      slaSeconds: plan.slaSeconds,
      pastSla: plan.pastSla,
      listed,
      unconfirmed,
      notListed,
      unchecked: notChecked,
      searchedFromUs: plan.skipped ? undefined : plan.startUs,
      notes,
    };
  });
}
