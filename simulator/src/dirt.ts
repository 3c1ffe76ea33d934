import { Attributes, SpanKind } from '@opentelemetry/api';
import { DIRT_CLASSES, DirtClass, DirtRates } from './config';
import { SERVICES, STATUSES, ServiceName, Status, isTerminal, setterOf } from './lifecycle';
import { OrderPlan, Step } from './plan';
import { Rng, deriveSeed } from './rng';
import type { StatusSpan } from './spans';
import { SpanSpec, SpanWriter } from './spans/types';
import { ReaderWarning, TruthDirt } from './truth';

/**
 * The dirty world (`--dirty…`): telemetry real instrumentation produces and the clean flow never
 * does, added to orders at a per-order rate, each class from its own seeded stream so one class's
 * rate never changes another's orders (and a clean run draws nothing at all).
 */

export interface PlannedDirt {
  class: DirtClass;
  /** The step, one that changes the status, whose trace the dirt joins or follows. */
  stepIndex: number;
  /** Draws the dirt's details and span ids, in emission order. */
  rng: Rng;
}

/** What a correct reader says about each class: in an order lookup, and in an index of the window. */
export const READER_WARNINGS: Record<DirtClass, { lookup: ReaderWarning[]; index: ReaderWarning[] }> = {
  // The lookup fetches the trace but the span is some other "order"; only an index lists ids.
  invalid_order_id: { lookup: [], index: ['invalid_order_id'] },
  time_overflow: { lookup: ['implausible_time'], index: ['implausible_time'] },
  century_ahead_status: { lookup: ['implausible_time'], index: ['implausible_time'] },
  // A span without a status means nothing to an index.
  far_future_span: { lookup: ['implausible_time'], index: [] },
  clock_reset_span: { lookup: ['implausible_time'], index: [] },
  after_terminal: { lookup: ['after_terminal'], index: ['after_terminal'] },
  unknown_status: { lookup: ['unknown_status'], index: ['unknown_status'] },
  contradictory_status: { lookup: ['contradictory_status'], index: ['contradictory_status'] },
  missing_service_name: { lookup: ['missing_process'], index: [] },
};

const SALT = 100;
const MINUTE = 60_000;
const YEAR = 365.25 * 24 * 60 * MINUTE;
/**
 * 2^63 ns is where Go's signed nanoseconds end: OTLP carries the time (its field is unsigned), but
 * Jaeger's `/api/traces` answer then reports the start as about 1.8·10^19 µs, beyond the range of
 * a JavaScript Date; `/api/v3` reports the year 2262. A few seconds past it, so rounding cannot
 * bring it back below.
 */
const PAST_INT64_NANOS_MS = 9_223_372_040_000;
const UNKNOWN_STATUSES = ['ON_HOLD', 'AWAITING_PAYMENT', 'LEGACY_REVIEW'] as const;
/** The main line of the lifecycle (no cancellation): "the next status" of a dirty report. */
const MAIN_LINE: readonly Status[] = STATUSES.filter((status) => status !== 'CANCELLED');

/** Which status steps a class can come with: every one, unless the class needs a particular kind. */
function anchorsFor(
  dirtClass: DirtClass,
  statusSteps: Array<{ step: Step; index: number }>
): Array<{ step: Step; index: number }> {
  switch (dirtClass) {
    case 'after_terminal':
      return statusSteps.filter(({ step }) => step.status !== undefined && isTerminal(step.status.status));
    case 'contradictory_status':
      return statusSteps.filter(({ step }) => step.status?.previous !== undefined);
    case 'unknown_status':
      // A legacy system reporting its own status after the order's latest: the case that would
      // take a stuck order off the stuck list.
      return statusSteps.slice(-1);
    default:
      return statusSteps;
  }
}

/** Decides which dirt an order gets and where; nothing is drawn for a class whose rate is 0. */
export function planDirt(seed: number, plan: OrderPlan, rates: DirtRates): PlannedDirt[] {
  const statusSteps = plan.steps
    .map((step, index) => ({ step, index }))
    .filter(({ step }) => step.status !== undefined);
  const planned: PlannedDirt[] = [];
  DIRT_CLASSES.forEach((dirtClass, classIndex) => {
    const rate = rates[dirtClass];
    if (!(rate > 0)) {
      return;
    }
    const rng = new Rng(deriveSeed(seed, plan.index, SALT + classIndex));
    if (!rng.chance(rate)) {
      return;
    }
    const anchors = anchorsFor(dirtClass, statusSteps);
    if (anchors.length > 0) {
      planned.push({ class: dirtClass, stepIndex: rng.pick(anchors).index, rng });
    }
  });
  return planned;
}

function laterStatus(status: Status): Status {
  const index = MAIN_LINE.indexOf(status);
  // After a terminal status, "the next one" is a reopening: exactly what a reader must not believe.
  return index >= 0 && index + 1 < MAIN_LINE.length ? MAIN_LINE[index + 1] : 'SUBMITTED';
}

function otherService(rng: Rng, not: ServiceName): ServiceName {
  return rng.pick(SERVICES.filter((service) => service !== not));
}

/** The order's step whose status span the dirt joins, as the simulator emitted it. */
export interface DirtAnchor {
  orderId: string;
  step: Step;
  statusSpan: StatusSpan;
}

interface DirtySpan {
  spec: Omit<SpanSpec, 'kind' | 'layer'> & Partial<Pick<SpanSpec, 'kind' | 'layer'>>;
  detail: string;
  /** A lifecycle status of the order this span reports believably (a reader takes it as a report). */
  reports?: Status;
}

export interface EmittedDirt {
  record: TruthDirt;
  reports?: Status;
}

/** The span (or root of a new trace) each class adds. */
function dirtySpan(dirt: PlannedDirt, anchor: DirtAnchor): DirtySpan {
  const { rng } = dirt;
  const { orderId, statusSpan } = anchor;
  const status = anchor.step.status?.status ?? 'INITIATED';
  const parent = statusSpan.context;
  const at = statusSpan.startMs;
  const statusAttributes = (reported: string): Attributes => ({ 'order.id': orderId, 'order.status': reported });
  switch (dirt.class) {
    case 'invalid_order_id': {
      const variant = rng.pick(['empty', 'too long', 'control character'] as const);
      const value =
        variant === 'empty'
          ? ''
          : variant === 'too long'
            ? Array.from({ length: 14 }, () => orderId).join(',')
            : `${orderId}\u0000`;
      const startMs = at + rng.int(1, 20);
      return {
        spec: {
          service: statusSpan.service,
          name: 'OrderAudit.record',
          startMs,
          endMs: startMs + rng.between(1, 5),
          parent,
          attributes: { ...statusAttributes(status), 'order.id': value, 'code.function.name': 'record' },
        },
        detail: `an audit span of ${statusSpan.service} reported ${status} with ${
          variant === 'empty'
            ? 'an empty order.id'
            : variant === 'too long'
              ? `an order.id of ${value.length} characters`
              : 'an order.id ending in a NUL character'
        }`,
      };
    }
    case 'time_overflow': {
      const reported = laterStatus(status);
      const service = setterOf(reported);
      const startMs = PAST_INT64_NANOS_MS + rng.int(0, 999);
      return {
        spec: {
          service,
          name: 'OrderStatusSync.publish',
          startMs,
          endMs: startMs + rng.between(1, 50),
          parent,
          attributes: statusAttributes(reported),
        },
        detail: `${service} reported ${reported} dated past 2^63 ns (the year 2262; beyond a JavaScript Date in Jaeger's /api/traces answer)`,
      };
    }
    case 'century_ahead_status': {
      const reported = laterStatus(status);
      const service = setterOf(reported);
      const startMs = Math.round(at + 100 * YEAR + rng.between(0, 1000));
      return {
        spec: {
          service,
          name: 'OrderStatusSync.publish',
          startMs,
          endMs: startMs + rng.between(1, 50),
          parent,
          attributes: statusAttributes(reported),
        },
        detail: `${service} reported ${reported} dated 100 years ahead`,
      };
    }
    case 'far_future_span': {
      const years = rng.between(50, 100);
      const startMs = Math.round(at + years * YEAR);
      return {
        spec: {
          service: statusSpan.service,
          name: 'OrderCache.refresh',
          startMs,
          endMs: startMs + rng.between(1, 30),
          parent,
          attributes: { 'order.id': orderId, 'code.function.name': 'refresh' },
        },
        detail: `a span of ${statusSpan.service} dated ${Math.round(years)} years ahead`,
      };
    }
    case 'clock_reset_span': {
      // Seconds to minutes after the epoch, as a host whose clock restarted there reports. (A start
      // of exactly 0 is left out of Jaeger's /api/v3 answer altogether: a span without a start.)
      const startMs = rng.int(1000, 600_000);
      return {
        spec: {
          service: statusSpan.service,
          name: 'OrderEvents.flush',
          startMs,
          endMs: startMs + rng.between(1, 5),
          parent,
          attributes: { 'order.id': orderId, 'code.function.name': 'flush' },
        },
        detail: `a span of ${statusSpan.service} dated ${new Date(startMs).toISOString()} (a clock reset to 1970)`,
      };
    }
    case 'after_terminal': {
      // A replayed shop request or a stale MES sync, in a trace of its own.
      const service = otherService(rng, statusSpan.service);
      const delayMs = rng.pick([500, 5000]);
      const startMs = at + delayMs;
      const shop = service === 'shop-api';
      return {
        spec: {
          service,
          layer: shop ? 'http-server' : 'app',
          kind: shop ? SpanKind.SERVER : SpanKind.INTERNAL,
          name: shop ? 'POST /orders/{id}/submit' : 'OrderStatusSync.apply',
          startMs,
          endMs: startMs + rng.between(20, 200),
          attributes: shop
            ? {
                'http.request.method': 'POST',
                'http.route': '/orders/{id}/submit',
                'url.path': `/orders/${orderId}/submit`,
                'http.response.status_code': 202,
                ...statusAttributes('SUBMITTED'),
              }
            : { ...statusAttributes('SUBMITTED'), 'code.function.name': 'apply' },
        },
        detail: `${service} reported SUBMITTED ${delayMs / 1000} s after ${status}`,
      };
    }
    case 'unknown_status': {
      const reported = rng.pick(UNKNOWN_STATUSES);
      const startMs = at + rng.int(1000, 30_000);
      return {
        spec: {
          service: 'crm-api',
          name: 'LegacyErpSync.apply',
          startMs,
          endMs: startMs + rng.between(5, 80),
          parent,
          attributes: { ...statusAttributes(reported), 'code.function.name': 'apply' },
        },
        detail: `crm-api reported ${reported}, a status outside the lifecycle, after ${status}`,
      };
    }
    case 'contradictory_status': {
      const previous = anchor.step.status?.previous ?? 'INITIATED';
      const service = otherService(rng, statusSpan.service);
      return {
        spec: {
          service,
          name: 'OrderStatusSync.publish',
          startMs: at,
          endMs: at + rng.between(1, 20),
          parent,
          attributes: statusAttributes(previous),
        },
        detail: `${service} reported ${previous} at the very moment ${statusSpan.service} reported ${status}`,
        // The order really was in that status: where sampling hid its own report, this one shows it.
        reports: previous,
      };
    }
    case 'missing_service_name': {
      const startMs = at + rng.int(2, 40);
      return {
        spec: {
          service: 'shop-api',
          withoutServiceName: true,
          name: 'OrderEvents.publish',
          startMs,
          endMs: startMs + rng.between(1, 10),
          parent,
          attributes: { ...statusAttributes(status), 'code.function.name': 'publish' },
        },
        detail: `a span without service.name (Jaeger shows "missing-service-name") reported ${status} again`,
      };
    }
  }
}

/** Emits one planned dirt after its step and says what it was; the span ids come from the dirt's stream. */
export function emitDirt(dirt: PlannedDirt, anchor: DirtAnchor, out: SpanWriter): EmittedDirt {
  const { spec, detail, reports } = dirtySpan(dirt, anchor);
  const context = out.span({ kind: SpanKind.INTERNAL, layer: 'app', ...spec });
  const record: TruthDirt = {
    class: dirt.class,
    atMs: spec.startMs,
    service: spec.service,
    traceId: context.traceId,
    spanId: context.spanId,
    detail,
  };
  return reports ? { record, reports } : { record };
}
