import { FaultKind, FaultRates } from './config';
import { ServiceName, Status, setterOf } from './lifecycle';
import { Rng, deriveSeed } from './rng';

/** RabbitMQ queues of the flow; `crm.status-events` carries MES progress to the CRM. */
export type Queue =
  | 'orders.submitted'
  | 'orders.file-uploaded'
  | 'mes.price-requests'
  | 'crm.price-results'
  | 'mes.manufacturing-orders'
  | 'crm.status-events';

/** Hops where a message can be lost or dead-lettered, and the status the order is stuck in then. */
const BREAKABLE_HOPS: readonly Queue[] = [
  'orders.submitted',
  'orders.file-uploaded',
  'mes.price-requests',
  'crm.price-results',
  'mes.manufacturing-orders',
];

export type StepKind =
  | 'create'
  | 'uploadModel'
  | 'submit'
  | 'processFile'
  | 'requestPrice'
  | 'calculatePrice'
  | 'recordPrice'
  | 'statusQuery'
  | 'approve'
  | 'cancel'
  | 'registerWorkOrder'
  | 'dashboard'
  | 'startManufacturing'
  | 'completeManufacturing'
  | 'recordMesStatus'
  | 'ship'
  | 'close';

export interface StatusChange {
  status: Status;
  previous?: Status;
  service: ServiceName;
}

export interface PlannedFault {
  kind: FaultKind;
  atMs: number;
  detail: string;
}

export interface Message {
  queue: Queue;
  /** Identifies the message within the order (an order sends two status events). */
  key: string;
}

/** One step of an order's life: one trace (plus the traces its messages start). */
export interface Step {
  kind: StepKind;
  /** When the status-carrying span (or the step's first span) starts, epoch ms. */
  atMs: number;
  /** The step's spans end by `atMs + durationMs`. */
  durationMs: number;
  /** Spans that precede `atMs` (a failed first attempt, a calling service): they start at `atMs - leadMs`. */
  leadMs: number;
  /** The status the order truly enters here (the ground truth). */
  status?: StatusChange;
  /** The CRM recording a status the MES set (a second status span, not a new status). */
  recordsStatus?: { status: Status; previous: Status };
  consumes?: Message;
  publishes?: Message;
  /** The consumer rejects the message and RabbitMQ dead-letters it. */
  deadLetter?: boolean;
  /** The first HTTP attempt fails and is retried. */
  apiError?: boolean;
  fileProblem?: 'missing' | 'corrupt';
  /** MES dashboard query that times out. */
  timeout?: boolean;
  fault?: PlannedFault;
}

export interface OrderPlan {
  index: number;
  orderId: string;
  createdAtMs: number;
  customer: { name: string; email: string };
  polygonCount: number;
  fileSizeBytes: number;
  modelKey: string;
  priceEur: number;
  steps: Step[];
}

type Fate =
  | 'normal'
  | 'abandon'
  | 'cancel'
  | 'lost_message'
  | 'dead_letter'
  | 'missing_file'
  | 'corrupt_file'
  | 'operator_never_picks_up'
  | 'status_event_lost';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const FIRST_NAMES = ['Test', 'Demo', 'Sample', 'Example', 'Fake'];
const LAST_NAMES = ['Customer', 'Buyer', 'Person', 'Client', 'User'];

export function orderIdFor(orderNumber: number, createdAtMs: number): string {
  const year = new Date(createdAtMs).getUTCFullYear();
  return `ALX-${year}-${String(orderNumber).padStart(6, '0')}`;
}

export interface PlanInput {
  seed: number;
  index: number;
  orderNumber: number;
  createdAtMs: number;
  rates: FaultRates;
  /** Multiplies every wait between steps (1 in history; 1/compression in live mode). */
  timeScale: number;
}

function drawFate(rng: Rng, rates: FaultRates): Fate {
  const fates: Array<[Fate, number]> = [
    ['abandon', rates.abandon],
    ['cancel', rates.cancel],
    ['lost_message', rates.lost_message],
    ['dead_letter', rates.dead_letter],
    ['missing_file', rates.missing_file],
    ['corrupt_file', rates.corrupt_file],
    ['operator_never_picks_up', rates.operator_never_picks_up],
    ['status_event_lost', rates.status_event_lost],
  ];
  let roll = rng.next();
  for (const [fate, rate] of fates) {
    if (roll < rate) {
      return fate;
    }
    roll -= rate;
  }
  return 'normal';
}

/**
 * Decides an order's whole life up front: its fate, every step with its time, status and faults.
 * Pure and deterministic: the same input gives the same plan. Emission (spans, truth, metrics)
 * follows the plan step by step as time passes.
 */
export function planOrder(input: PlanInput): OrderPlan {
  const rng = new Rng(deriveSeed(input.seed, input.index, 1));
  const fate = drawFate(rng, input.rates);
  const slow = rng.chance(input.rates.slow_price_calculation);
  const apiError = rng.chance(input.rates.api_error);
  const orderId = orderIdFor(input.orderNumber, input.createdAtMs);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const polygonCount = slow ? rng.int(4_000_000, 9_000_000) : Math.round(rng.logNormal(250_000, 0.8));
  const fileSizeBytes = Math.round(polygonCount * rng.between(48, 56) + 684);
  const plan: OrderPlan = {
    index: input.index,
    orderId,
    createdAtMs: input.createdAtMs,
    customer: {
      name: `${first} ${last} ${input.orderNumber}`,
      email: `${first}.${last}.${input.orderNumber}@example.test`.toLowerCase(),
    },
    polygonCount,
    fileSizeBytes,
    modelKey: `orders/${orderId}/model.stl`,
    priceEur: Math.round((180 + polygonCount / 2500) * 100) / 100,
    steps: [],
  };

  const builder = new StepBuilder(plan, input.createdAtMs, input.timeScale);
  const brokenHop = fate === 'lost_message' || fate === 'dead_letter' ? rng.pick(BREAKABLE_HOPS) : undefined;
  // Exactly one of the customer-facing HTTP calls fails first and is retried.
  const apiErrorOn: StepKind = rng.chance(0.5) ? 'approve' : 'statusQuery';

  /** Adds a publish on `queue`; returns false when the message never arrives (the order stops here). */
  const hop = (queue: Queue, key: string, publisher: Step, consumerKind: StepKind, consumerStatus?: Status): boolean => {
    publisher.publishes = { queue, key };
    if (brokenHop === queue && fate === 'lost_message') {
      publisher.fault = {
        kind: 'lost_message',
        atMs: publisher.atMs,
        detail: `message on ${queue} was published but never consumed`,
      };
      return false;
    }
    const consumer = builder.add(consumerKind, rng.between(20, 2500), rng.between(40, 400));
    consumer.consumes = { queue, key };
    if (brokenHop === queue && fate === 'dead_letter') {
      consumer.deadLetter = true;
      consumer.fault = {
        kind: 'dead_letter',
        atMs: consumer.atMs,
        detail: `message on ${queue} was rejected and dead-lettered to ${queue}.dlq`,
      };
      return false;
    }
    if (consumerStatus) {
      builder.enter(consumer, consumerStatus);
    }
    return true;
  };

  builder.enter(builder.add('create', 0, rng.between(60, 300)), 'INITIATED');
  builder.add('uploadModel', rng.logNormal(4 * MINUTE, 0.7), rng.between(800, 6000));
  if (fate === 'abandon') {
    return plan;
  }
  const submit = builder.add('submit', rng.logNormal(3 * MINUTE, 0.8), rng.between(80, 350));
  builder.enter(submit, 'SUBMITTED');
  if (!hop('orders.submitted', 'submitted', submit, 'processFile', 'FILE_UPLOADED')) {
    return plan;
  }
  const processFile = builder.last();
  const requestPrice = hop('orders.file-uploaded', 'file-uploaded', processFile, 'requestPrice') ? builder.last() : undefined;
  if (!requestPrice || !hop('mes.price-requests', 'price-request', requestPrice, 'calculatePrice')) {
    return plan;
  }
  const calculate = builder.last();
  if (fate === 'missing_file' || fate === 'corrupt_file') {
    calculate.fileProblem = fate === 'missing_file' ? 'missing' : 'corrupt';
    builder.setDuration(calculate, rng.between(300, 3000));
    calculate.fault = {
      kind: fate,
      atMs: calculate.atMs,
      detail:
        fate === 'missing_file'
          ? `S3 GetObject ${plan.modelKey}: NoSuchKey`
          : `3D model ${plan.modelKey} could not be parsed (order.file.valid=false)`,
    };
    return plan;
  }
  // Price calculation time is driven by the model's polygon count; complex models take up to 30 min.
  const calcMs = Math.min(30 * MINUTE, 2 * SECOND + polygonCount * (slow ? 0.2 : 0.12));
  builder.setDuration(calculate, Math.max(1500, calcMs * input.timeScale));
  if (slow) {
    calculate.fault = {
      kind: 'slow_price_calculation',
      atMs: calculate.atMs,
      detail: `model.polygon_count=${polygonCount}: price calculation took ${Math.round(calcMs / MINUTE)} min`,
    };
  }
  if (!hop('crm.price-results', 'price-result', calculate, 'recordPrice', 'PRICE_CALCULATED')) {
    return plan;
  }

  const retryLeadMs = rng.between(400, 1500);
  const leadFor = (kind: StepKind) => (apiError && apiErrorOn === kind ? retryLeadMs : rng.between(5, 20));
  const status = builder.add('statusQuery', rng.logNormal(40 * MINUTE, 1), rng.between(60, 600), leadFor('statusQuery'));
  if (apiError && apiErrorOn === 'statusQuery') {
    markApiError(status);
  }

  const cancelAt: Status | undefined = fate === 'cancel' ? (rng.chance(0.7) ? 'PRICE_CALCULATED' : 'MANUFACTURING_APPROVED') : undefined;
  if (cancelAt === 'PRICE_CALCULATED') {
    builder.enter(builder.add('cancel', rng.logNormal(8 * HOUR, 0.9), rng.between(80, 400), rng.between(5, 20)), 'CANCELLED');
    return plan;
  }
  const approve = builder.add('approve', rng.logNormal(3 * HOUR, 1.1), rng.between(80, 500), leadFor('approve'));
  builder.enter(approve, 'MANUFACTURING_APPROVED');
  if (apiError && apiErrorOn === 'approve') {
    markApiError(approve);
  }
  if (!hop('mes.manufacturing-orders', 'manufacturing-order', approve, 'registerWorkOrder')) {
    return plan;
  }
  if (cancelAt === 'MANUFACTURING_APPROVED') {
    builder.enter(builder.add('cancel', rng.logNormal(40 * MINUTE, 0.6), rng.between(80, 400), rng.between(5, 20)), 'CANCELLED');
    return plan;
  }
  if (fate === 'operator_never_picks_up') {
    // The operator's dashboard query keeps timing out, so nobody ever sees the order.
    let first: Step | undefined;
    for (let i = 0; i < 3; i++) {
      const dashboard = builder.add('dashboard', rng.logNormal(50 * MINUTE, 0.5), 30 * SECOND + rng.between(0, 400));
      dashboard.timeout = true;
      first = first ?? dashboard;
    }
    if (first) {
      first.fault = {
        kind: 'operator_never_picks_up',
        atMs: first.atMs,
        detail: 'MES dashboard query (GET /dashboard/orders) timed out; no operator picked the approved order up',
      };
    }
    return plan;
  }
  builder.add('dashboard', rng.logNormal(70 * MINUTE, 0.9), rng.between(300, 4000));
  const start = builder.add('startManufacturing', rng.between(30 * SECOND, 5 * MINUTE), rng.between(60, 300));
  builder.enter(start, 'MANUFACTURING_STARTED');
  const lostEvent: Status | undefined =
    fate === 'status_event_lost' ? (rng.chance(0.5) ? 'MANUFACTURING_STARTED' : 'MANUFACTURING_COMPLETED') : undefined;
  let crmStatus: Status = 'MANUFACTURING_APPROVED';
  const statusEvent = (publisher: Step, entered: Status, key: string) => {
    publisher.publishes = { queue: 'crm.status-events', key };
    if (lostEvent === entered) {
      publisher.fault = {
        kind: 'status_event_lost',
        atMs: publisher.atMs,
        detail: `mes-api set ${entered} but the status event never reached crm-api (crm-api still at ${crmStatus})`,
      };
      return;
    }
    const record = builder.add('recordMesStatus', rng.between(30, 3000), rng.between(40, 250));
    record.consumes = { queue: 'crm.status-events', key };
    record.recordsStatus = { status: entered, previous: crmStatus };
    crmStatus = entered;
  };
  statusEvent(start, 'MANUFACTURING_STARTED', 'status-started');
  const complete = builder.add('completeManufacturing', rng.logNormal(2.2 * DAY, 0.55), rng.between(60, 300));
  builder.enter(complete, 'MANUFACTURING_COMPLETED');
  statusEvent(complete, 'MANUFACTURING_COMPLETED', 'status-completed');
  if (lostEvent === 'MANUFACTURING_COMPLETED') {
    // The CRM never learns the order is finished, so it is never shipped.
    return plan;
  }
  builder.enter(builder.add('ship', rng.logNormal(8 * HOUR, 0.8), rng.between(80, 400)), 'SHIPPED');
  builder.enter(builder.add('close', rng.logNormal(3.5 * DAY, 0.4), rng.between(60, 300)), 'CLOSED');
  return plan;
}

function markApiError(step: Step): void {
  // The failed attempt and the back-off (the step's lead-in) come before the successful call.
  step.apiError = true;
  step.fault = {
    kind: 'api_error',
    atMs: step.atMs - step.leadMs,
    detail: `${step.kind === 'approve' ? 'POST /orders/{id}/approval' : 'GET /orders/{id}/status'} on crm-api failed with 503 and was retried`,
  };
}

/** Lays steps out in time: each waits for the previous one to end, waits scaled for live mode. */
class StepBuilder {
  private endMs: number;
  private current: Status | undefined;

  constructor(
    private readonly plan: OrderPlan,
    createdAtMs: number,
    private readonly timeScale: number
  ) {
    this.endMs = createdAtMs;
  }

  add(kind: StepKind, waitMs: number, durationMs: number, leadMs = 0): Step {
    const isFirst = this.plan.steps.length === 0;
    // Steps never overlap: the wait is at least a few ms beyond the previous step's end and lead-in.
    const wait = isFirst ? 0 : Math.max(Math.round(waitMs * this.timeScale), Math.round(leadMs) + 20);
    const step: Step = {
      kind,
      atMs: isFirst ? this.plan.createdAtMs : this.endMs + wait,
      durationMs: Math.max(1, Math.round(durationMs)),
      leadMs: Math.round(leadMs),
    };
    this.plan.steps.push(step);
    this.endMs = step.atMs + step.durationMs;
    return step;
  }

  /** Changes the duration of the step added last (known only once its fate is decided). */
  setDuration(step: Step, durationMs: number): void {
    if (step !== this.last()) {
      throw new Error('only the last step can change its duration');
    }
    step.durationMs = Math.max(1, Math.round(durationMs));
    this.endMs = step.atMs + step.durationMs;
  }

  /** Marks the step as the one that moves the order into `status`. */
  enter(step: Step, status: Status): void {
    step.status = { status, previous: this.current, service: setterOf(status) };
    this.current = status;
  }

  last(): Step {
    const step = this.plan.steps[this.plan.steps.length - 1];
    if (!step) {
      throw new Error('no step yet');
    }
    return step;
  }
}
