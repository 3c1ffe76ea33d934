import { createServer, Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FAULT_KINDS, FaultKind } from './config';
import { STATUSES, Status, durationBuckets, isTerminal } from './lifecycle';
import { OrderTruth } from './truth';

/**
 * The order metrics of the telemetry contract, kept consistent with the ground truth: counters and
 * the histogram move as statuses are entered; the gauges are computed from the orders at scrape
 * time. No label ever holds an order id.
 */
export class OrderMetrics {
  readonly registry = new Registry();
  private readonly transitions: Counter<'status'>;
  private readonly stays: Histogram<'status'>;
  private readonly deadLetters: Counter<'queue'>;
  private readonly faults: Counter<'kind'>;
  private readonly spans: Counter<'service'>;

  constructor(orders: () => Iterable<OrderTruth>) {
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

  entered(status: Status, left?: { status: Status; stayedSeconds: number }): void {
    this.transitions.inc({ status });
    if (left) {
      this.stays.observe({ status: left.status }, left.stayedSeconds);
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
