import { createServer, Server } from 'node:http';
import { Counter, Gauge, Histogram, OpenMetricsContentType, Registry } from 'prom-client';
import { FAULT_KINDS, FaultKind } from './config';
import { STATUSES, Status, ageBuckets, durationBuckets, isTerminal } from './lifecycle';
import { OrderTruth } from './truth';

/**
 * The order metrics of the telemetry contract, kept consistent with the ground truth: counters and
 * the histogram move as statuses are entered; the gauges are computed from the orders at scrape
 * time. No series label ever holds an order id (a stay's exemplar does: exemplars are no series).
 */
export class OrderMetrics {
  readonly registry = new Registry<OpenMetricsContentType>();
  private readonly transitions: Counter<'status'>;
  private readonly stays: Histogram<'status'>;
  private readonly deadLetters: Counter<'queue'>;
  private readonly faults: Counter<'kind'>;
  private readonly spans: Counter<'service'>;

  constructor(orders: () => Iterable<OrderTruth>) {
    // OpenMetrics: the exposition format that carries exemplars (Prometheus asks for it first).
    this.registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const registers = [this.registry];
    this.transitions = new Counter({
      name: 'order_status_transitions_total',
      help: 'Orders that entered each status.',
      labelNames: ['status'],
      registers,
    });
    this.stays = new Histogram({
      name: 'order_status_duration_seconds',
      help: 'Time orders spent in a status they have left.',
      labelNames: ['status'],
      buckets: durationBuckets(),
      enableExemplars: true,
      registers,
    });
    new Gauge({
      name: 'orders_in_status',
      help: 'Orders currently in each status.',
      labelNames: ['status'],
      registers,
      collect() {
        const counts = new Map<Status, number>(STATUSES.map((status) => [status, 0]));
        for (const order of orders()) {
          counts.set(order.currentStatus, (counts.get(order.currentStatus) ?? 0) + 1);
        }
        for (const [status, count] of counts) {
          this.set({ status }, count);
        }
      },
    });
    new Gauge({
      name: 'order_status_oldest_entered_timestamp_seconds',
      help: 'When the oldest order still in a (non-terminal) status entered it, in Unix seconds.',
      labelNames: ['status'],
      registers,
      collect() {
        const oldest = new Map<Status, number>();
        for (const order of orders()) {
          const entered = order.statuses[order.statuses.length - 1];
          if (!entered || isTerminal(order.currentStatus)) {
            continue;
          }
          const previous = oldest.get(order.currentStatus);
          if (previous === undefined || entered.enteredAtMs < previous) {
            oldest.set(order.currentStatus, entered.enteredAtMs);
          }
        }
        // A status nobody is in has no oldest order: its series disappears rather than lying.
        this.reset();
        for (const [status, enteredAtMs] of oldest) {
          this.set({ status }, enteredAtMs / 1000);
        }
      },
    });
    // The age distribution of the orders now in each status, a gauge histogram kept by the service
    // that owns the order's state: `_bucket{le}` counts the orders in the status for at most `le`
    // seconds, `_count` all of them. Past SLA = _count - _bucket{le=<SLA>}, exactly, without ids.
    const bounds = [...ageBuckets(), Infinity];
    new Gauge({
      name: 'order_status_age_seconds_bucket',
      help: 'Orders now in each status that have been there at most le seconds (gauge histogram).',
      labelNames: ['status', 'le'],
      registers,
      collect() {
        const counts = new Map<Status, number[]>(STATUSES.map((status) => [status, bounds.map(() => 0)]));
        const nowMs = Date.now();
        for (const order of orders()) {
          const entered = order.statuses[order.statuses.length - 1];
          const ageSeconds = entered ? (nowMs - entered.enteredAtMs) / 1000 : 0;
          const row = counts.get(order.currentStatus);
          // Cumulative: the first bound that holds the age, and every bound after it.
          const first = bounds.findIndex((bound) => ageSeconds <= bound);
          for (let index = first < 0 ? bounds.length : first; row && index < bounds.length; index++) {
            row[index]++;
          }
        }
        for (const [status, row] of counts) {
          bounds.forEach((bound, index) =>
            this.set({ status, le: bound === Infinity ? '+Inf' : String(bound) }, row[index])
          );
        }
      },
    });
    new Gauge({
      name: 'order_status_age_seconds_count',
      help: 'Orders now in each status (the age distribution\'s count).',
      labelNames: ['status'],
      registers,
      collect() {
        const counts = new Map<Status, number>(STATUSES.map((status) => [status, 0]));
        for (const order of orders()) {
          counts.set(order.currentStatus, (counts.get(order.currentStatus) ?? 0) + 1);
        }
        for (const [status, count] of counts) {
          this.set({ status }, count);
        }
      },
    });
    this.deadLetters = new Counter({
      name: 'rabbitmq_dead_lettered_messages_total',
      help: 'Messages RabbitMQ dead-lettered, by the queue that rejected them.',
      labelNames: ['queue'],
      registers,
    });
    this.faults = new Counter({
      name: 'simulator_faults_injected_total',
      help: 'Faults the simulator injected, by kind (compare with what Order Tracker finds).',
      labelNames: ['kind'],
      registers,
    });
    this.spans = new Counter({
      name: 'simulator_spans_emitted_total',
      help: 'Spans the simulator emitted, by service.',
      labelNames: ['service'],
      registers,
    });
    for (const status of STATUSES) {
      this.transitions.inc({ status }, 0);
    }
    for (const kind of FAULT_KINDS) {
      this.faults.inc({ kind }, 0);
    }
  }

  /**
   * An order entered `status`, leaving `left` after `stayedSeconds`. The stay's exemplar names the
   * trace that ended it (and the order: exemplar labels are not series labels, so no cardinality).
   */
  entered(status: Status, left?: { status: Status; stayedSeconds: number; exemplar?: StayExemplar }): void {
    this.transitions.inc({ status });
    if (left) {
      this.stays.observe({
        labels: { status: left.status },
        value: left.stayedSeconds,
        exemplarLabels: left.exemplar ? exemplarLabels(left.exemplar) : {},
      });
    }
  }

  deadLettered(queue: string): void {
    this.deadLetters.inc({ queue });
  }

  faultInjected(kind: FaultKind): void {
    this.faults.inc({ kind });
  }

  spansEmitted(service: string, count: number): void {
    this.spans.inc({ service }, count);
  }
}

/** What a stay's exemplar points at. */
export interface StayExemplar {
  traceId: string;
  orderId: string;
}

/** OpenMetrics caps an exemplar's label names and values at 128 characters in all. */
const EXEMPLAR_LABEL_BUDGET = 128;

function exemplarLabels(exemplar: StayExemplar): Record<string, string> {
  const labels = { trace_id: exemplar.traceId, order_id: exemplar.orderId };
  const size = Object.entries(labels).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
  return size <= EXEMPLAR_LABEL_BUDGET ? labels : { trace_id: exemplar.traceId };
}

/** Serves `/metrics` (and `/ready`) on the given address until closed. */
export function serveMetrics(metrics: OrderMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      metrics.registry
        .metrics()
        .then((body) => {
          response.writeHead(200, { 'Content-Type': metrics.registry.contentType });
          response.end(body);
        })
        .catch((error: unknown) => {
          response.writeHead(500, { 'Content-Type': 'text/plain' });
          response.end(error instanceof Error ? error.message : String(error));
        });
      return;
    }
    if (request.method === 'GET' && path === '/ready') {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('ready\n');
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found: try /metrics\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`metrics endpoint cannot listen on ${host}:${port}: ${error.message}`)));
    server.listen(port, host, () => resolve(server));
  });
}
