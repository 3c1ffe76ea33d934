import { Attributes, HrTime, Link, ROOT_CONTEXT, SpanContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ServiceName } from './lifecycle';
import { OrderPlan, Queue, Step } from './plan';
import { Rng } from './rng';
import { Layer, Telemetry } from './telemetry';

const SHOP_DB = { system: 'postgresql', namespace: 'shop', host: 'shop-db.alexandrite.internal', port: 5432 };
const MES_DB = { system: 'microsoft.sql_server', legacy: 'mssql', namespace: 'MES', host: 'mes-db.alexandrite.internal', port: 1433 };
const UPLOAD_BUCKET = 'alexandrite-model-uploads';
const MODEL_BUCKET = 'alexandrite-models';
const BROKER = { host: 'rabbitmq.alexandrite.internal', port: 5672 };
const DEAD_LETTER_EXCHANGE = 'orders.dlx';

interface SpanSpec {
  service: ServiceName;
  layer: Layer;
  name: string;
  kind: SpanKind;
  startMs: number;
  endMs: number;
  parent?: SpanContext;
  links?: SpanContext[];
  attributes: Attributes;
  error?: { type: string; message: string };
  /** Set an explicit OK status (successful HTTP server spans leave it unset, as instrumentation does). */
  ok?: boolean;
}

/** What emitting a step produced, for the simulator's bookkeeping. */
export interface StepOutcome {
  spans: number;
  /** Queue whose message was dead-lettered in this step. */
  deadLettered?: Queue;
}

function hrTime(ms: number): HrTime {
  const micros = Math.round(ms * 1000);
  return [Math.floor(micros / 1_000_000), (micros % 1_000_000) * 1000];
}

/**
 * Turns planned steps into spans shaped like real instrumentation would produce them:
 * HTTP server/client, database, RabbitMQ and S3 spans, one trace per step, consumers linked to
 * their producers. Every span about the order carries `order.id`; status changes carry
 * `order.status` (and `order.status.previous`) on the span that starts exactly at the step's time.
 */
export class SpanEmitter {
  private count = 0;

  constructor(
    private readonly telemetry: Telemetry,
    private readonly onSpan: (service: ServiceName) => void = () => undefined
  ) {}

  get spansEmitted(): number {
    return this.count;
  }

  /**
   * Emits one step of an order. `messages` holds the producer span contexts of the order's
   * in-flight messages (the consumer links to them); `rng` is the order's emission generator.
   */
  emitStep(plan: OrderPlan, step: Step, rng: Rng, messages: Map<string, SpanContext>): StepOutcome {
    this.telemetry.ids.use(rng);
    const before = this.count;
    const ctx = new StepContext(this, plan, step, rng, messages);
    const deadLettered = ctx.run();
    return { spans: this.count - before, deadLettered };
  }

  span(spec: SpanSpec): SpanContext {
    const tracer = this.telemetry.tracer(spec.service, spec.layer);
    const links: Link[] = (spec.links ?? []).map((context) => ({ context }));
    const parentContext = spec.parent ? trace.setSpanContext(ROOT_CONTEXT, spec.parent) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      spec.name,
      { kind: spec.kind, startTime: hrTime(spec.startMs), attributes: spec.attributes, links, root: !spec.parent },
      parentContext
    );
    if (spec.error) {
      span.addEvent(
        'exception',
        { 'exception.type': spec.error.type, 'exception.message': spec.error.message, 'exception.escaped': false },
        hrTime(spec.endMs - Math.min(1, (spec.endMs - spec.startMs) / 10))
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error.message });
    } else if (spec.ok) {
      span.setStatus({ code: SpanStatusCode.OK });
    }
    span.end(hrTime(Math.max(spec.endMs, spec.startMs)));
    this.count++;
    this.onSpan(spec.service);
    return span.spanContext();
  }
}

/** Emits the spans of one step; a small class so the per-kind layouts share the order's details. */
class StepContext {
  private readonly a: number;
  private readonly d: number;
  private readonly id: string;
  private deadLettered: Queue | undefined;

  constructor(
    private readonly out: SpanEmitter,
    private readonly plan: OrderPlan,
    private readonly step: Step,
    private readonly rng: Rng,
    private readonly messages: Map<string, SpanContext>
  ) {
    this.a = step.atMs;
    this.d = step.durationMs;
    this.id = plan.orderId;
  }

  /** A point inside the step: fraction 0 is its start, 1 its end. */
  private at(fraction: number): number {
    return this.a + this.d * fraction;
  }

  private statusAttributes(): Attributes {
    const change = this.step.status;
    if (change) {
      return change.previous
        ? { 'order.status': change.status, 'order.status.previous': change.previous }
        : { 'order.status': change.status };
    }
    const recorded = this.step.recordsStatus;
    if (recorded) {
      return { 'order.status': recorded.status, 'order.status.previous': recorded.previous, 'order.status.source': 'mes-api' };
    }
    return {};
  }

  private customer(): Attributes {
    return { 'customer.name': this.plan.customer.name, 'customer.email': this.plan.customer.email };
  }

  run(): Queue | undefined {
    switch (this.step.kind) {
      case 'create':
        this.create();
        break;
      case 'uploadModel':
        this.uploadModel();
        break;
      case 'submit':
        this.submit();
        break;
      case 'processFile':
        this.processFile();
        break;
      case 'requestPrice':
        this.requestPrice();
        break;
      case 'calculatePrice':
        this.calculatePrice();
        break;
      case 'recordPrice':
      case 'recordMesStatus':
        this.crmConsume();
        break;
      case 'statusQuery':
        this.shopCallsCrm('GET', '/orders/{id}', 'GET', '/orders/{id}/status', 200);
        break;
      case 'approve':
        this.shopCallsCrm('POST', '/orders/{id}/approve', 'POST', '/orders/{id}/approval', 200);
        break;
      case 'cancel':
        this.shopCallsCrm('POST', '/orders/{id}/cancel', 'POST', '/orders/{id}/cancellation', 200);
        break;
      case 'registerWorkOrder':
        this.registerWorkOrder();
        break;
      case 'dashboard':
        this.dashboard();
        break;
      case 'startManufacturing':
        this.mesProgress('start');
        break;
      case 'completeManufacturing':
        this.mesProgress('complete');
        break;
      case 'ship':
        this.ship();
        break;
      case 'close':
        this.close();
        break;
    }
    return this.deadLettered;
  }

  // --- span shapes -------------------------------------------------------------------------------

  private httpServer(
    service: ServiceName,
    method: string,
    route: string,
    statusCode: number,
    startMs: number,
    endMs: number,
    extra: Attributes,
    parent?: SpanContext,
    error?: { type: string; message: string }
  ): SpanContext {
    const path = route.replace('{id}', this.id);
    return this.out.span({
      service,
      layer: 'http-server',
      name: `${method} ${route}`,
      kind: SpanKind.SERVER,
      startMs,
      endMs,
      parent,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': path,
        'url.scheme': 'https',
        'server.address': `${service}.alexandrite.internal`,
        'server.port': 8080,
        'network.protocol.version': '1.1',
        'http.response.status_code': statusCode,
        'user_agent.original': parent ? 'Java-http-client/21.0.4' : 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
        ...(statusCode >= 500 ? { 'error.type': String(statusCode) } : {}),
        'order.id': this.id,
        ...extra,
      },
      error,
    });
  }

  private httpClient(
    service: ServiceName,
    method: string,
    target: ServiceName,
    route: string,
    statusCode: number,
    startMs: number,
    endMs: number,
    parent: SpanContext,
    resendCount: number
  ): SpanContext {
    return this.out.span({
      service,
      layer: 'http-client',
      name: method,
      kind: SpanKind.CLIENT,
      startMs,
      endMs,
      parent,
      attributes: {
        'http.request.method': method,
        'url.full': `http://${target}:8080${route.replace('{id}', this.id)}`,
        'url.template': route,
        'server.address': target,
        'server.port': 8080,
        'http.response.status_code': statusCode,
        ...(resendCount > 0 ? { 'http.request.resend_count': resendCount } : {}),
        ...(statusCode >= 500 ? { 'error.type': String(statusCode) } : {}),
        'order.id': this.id,
      },
      error: statusCode >= 500 ? { type: 'java.io.IOException', message: `HTTP ${statusCode} Service Unavailable from ${target}` } : undefined,
    });
  }

  private db(
    service: ServiceName,
    operation: string,
    table: string,
    query: string,
    startMs: number,
    endMs: number,
    parent: SpanContext,
    options: { orderId?: boolean; error?: { type: string; message: string } } = {}
  ): SpanContext {
    const mes = service === 'mes-api';
    const database = mes ? MES_DB : SHOP_DB;
    const attributes: Attributes = mes
      ? {
          // The purchased .NET system's instrumentation still uses the older database names.
          'db.system': MES_DB.legacy,
          'db.name': database.namespace,
          'db.statement': query,
          'db.operation': operation,
          'db.sql.table': table,
          'net.peer.name': database.host,
          'net.peer.port': database.port,
        }
      : {
          'db.system.name': database.system,
          'db.namespace': database.namespace,
          'db.query.text': query,
          'db.operation.name': operation,
          'db.collection.name': table,
          'server.address': database.host,
          'server.port': database.port,
        };
    if (options.orderId !== false) {
      attributes['order.id'] = this.id;
    }
    return this.out.span({
      service,
      layer: 'db',
      name: `${operation} ${database.namespace}.${table}`,
      kind: SpanKind.CLIENT,
      startMs,
      endMs,
      parent,
      attributes,
      error: options.error,
    });
  }

  private s3(
    service: ServiceName,
    method: 'PutObject' | 'GetObject' | 'CopyObject',
    bucket: string,
    key: string,
    startMs: number,
    endMs: number,
    parent: SpanContext,
    extra: Attributes,
    error?: { type: string; message: string; status: number }
  ): SpanContext {
    return this.out.span({
      service,
      layer: 's3',
      name: `S3.${method}`,
      kind: SpanKind.CLIENT,
      startMs,
      endMs,
      parent,
      attributes: {
        'rpc.system': 'aws-api',
        'rpc.service': 'S3',
        'rpc.method': method,
        'cloud.region': 'eu-central-1',
        'aws.s3.bucket': bucket,
        'aws.s3.key': key,
        'http.response.status_code': error ? error.status : 200,
        'order.id': this.id,
        ...extra,
      },
      error: error ? { type: error.type, message: error.message } : undefined,
    });
  }

  /** Publishes a message; remembers the producer context so the consumer can link to it. */
  private publish(service: ServiceName, queue: Queue, key: string, startMs: number, endMs: number, parent: SpanContext): void {
    const legacy = service === 'mes-api';
    const context = this.out.span({
      service,
      layer: 'messaging',
      name: legacy ? `${queue} publish` : `publish ${queue}`,
      kind: SpanKind.PRODUCER,
      startMs,
      endMs,
      parent,
      attributes: {
        ...messagingAttributes(legacy, 'send', queue),
        'messaging.message.id': `${this.id}-${key}`,
        'order.id': this.id,
      },
    });
    this.messages.set(key, context);
  }

  /**
   * The consumer side of a message: a new trace linked to the producer. Spring consumers emit one
   * `process` span; the .NET MES emits `receive` with a `process` child. Returns the span the
   * handler's work hangs under.
   */
  private consume(service: ServiceName, startMs: number, endMs: number, extra: Attributes): SpanContext {
    const message = this.step.consumes;
    if (!message) {
      throw new Error(`step ${this.step.kind} consumes no message`);
    }
    const producer = this.messages.get(message.key);
    this.messages.delete(message.key);
    const links = producer ? [producer] : [];
    const legacy = service === 'mes-api';
    const rejected = this.step.deadLetter === true;
    const error = rejected
      ? legacy
        ? { type: 'System.Text.Json.JsonException', message: `The JSON value could not be converted to Mes.Contracts.${pascal(message.queue)}` }
        : { type: 'org.springframework.amqp.AmqpRejectAndDontRequeueException', message: `Listener threw exception: message on ${message.queue} rejected` }
      : undefined;
    let handler: SpanContext;
    if (legacy) {
      const receiveEnd = startMs + Math.min(15, (endMs - startMs) * 0.05);
      const receive = this.out.span({
        service,
        layer: 'messaging',
        name: `${message.queue} receive`,
        kind: SpanKind.CONSUMER,
        startMs,
        endMs: receiveEnd,
        links,
        attributes: { ...messagingAttributes(true, 'receive', message.queue), 'order.id': this.id },
      });
      handler = this.out.span({
        service,
        layer: 'messaging',
        name: `${message.queue} process`,
        kind: SpanKind.CONSUMER,
        startMs: receiveEnd,
        endMs,
        parent: receive,
        attributes: { ...messagingAttributes(true, 'process', message.queue), 'order.id': this.id, ...extra },
        error: rejected ? error : this.consumerError(),
      });
    } else {
      handler = this.out.span({
        service,
        layer: 'messaging',
        name: `process ${message.queue}`,
        kind: SpanKind.CONSUMER,
        startMs,
        endMs,
        links,
        attributes: { ...messagingAttributes(false, 'process', message.queue), 'order.id': this.id, ...extra },
        error,
      });
    }
    if (rejected) {
      this.deadLettered = message.queue;
      this.out.span({
        service,
        layer: 'messaging',
        name: legacy ? `${message.queue}.dlq publish` : `publish ${message.queue}.dlq`,
        kind: SpanKind.PRODUCER,
        startMs: endMs - Math.min(5, (endMs - startMs) * 0.1),
        endMs,
        parent: handler,
        attributes: {
          ...messagingAttributes(legacy, 'send', `${message.queue}.dlq`),
          'messaging.rabbitmq.dead_letter.exchange': DEAD_LETTER_EXCHANGE,
          'messaging.rabbitmq.dead_letter.reason': 'rejected',
          'order.id': this.id,
        },
      });
    }
    return handler;
  }

  /** The MES process span fails when the model is missing or unreadable. */
  private consumerError(): { type: string; message: string } | undefined {
    if (this.step.fileProblem === 'missing') {
      return { type: 'Amazon.S3.AmazonS3Exception', message: `The specified key does not exist. (NoSuchKey: ${this.plan.modelKey})` };
    }
    if (this.step.fileProblem === 'corrupt') {
      return { type: 'Mes.Pricing.InvalidModelException', message: `3D model ${this.plan.modelKey} is corrupt: unexpected end of STL data` };
    }
    return undefined;
  }

  // --- steps -------------------------------------------------------------------------------------

  private create(): void {
    const server = this.httpServer('shop-api', 'POST', '/orders', 201, this.a, this.at(1), {
      ...this.statusAttributes(),
      ...this.customer(),
    });
    this.db('shop-api', 'INSERT', 'orders', 'INSERT INTO orders (id, customer_id, status, created_at) VALUES ($1, $2, $3, $4)', this.at(0.25), this.at(0.7), server);
  }

  private uploadModel(): void {
    const server = this.httpServer('shop-api', 'PUT', '/orders/{id}/model', 200, this.a, this.at(1), { 'file.size': this.plan.fileSizeBytes });
    this.s3('shop-api', 'PutObject', UPLOAD_BUCKET, `uploads/${this.id}/model.stl`, this.at(0.05), this.at(0.85), server, {
      'file.size': this.plan.fileSizeBytes,
      'order.file.valid': true,
    });
    this.db('shop-api', 'UPDATE', 'orders', 'UPDATE orders SET model_key = $1, updated_at = $2 WHERE id = $3', this.at(0.88), this.at(0.97), server);
  }

  private submit(): void {
    const server = this.httpServer('shop-api', 'POST', '/orders/{id}/submit', 202, this.a, this.at(1), {
      ...this.statusAttributes(),
      ...this.customer(),
    });
    this.db('shop-api', 'UPDATE', 'orders', 'UPDATE orders SET status = $1, submitted_at = $2 WHERE id = $3', this.at(0.1), this.at(0.5), server);
    this.publishFromStep('shop-api', server, 0.6, 0.9);
  }

  private publishFromStep(service: ServiceName, parent: SpanContext, from: number, to: number): void {
    const message = this.step.publishes;
    if (message) {
      this.publish(service, message.queue, message.key, this.at(from), this.at(to), parent);
    }
  }

  private processFile(): void {
    const handler = this.consume('shop-api', this.a, this.at(1), this.statusAttributes());
    if (this.step.deadLetter) {
      return;
    }
    this.s3('shop-api', 'GetObject', UPLOAD_BUCKET, `uploads/${this.id}/model.stl`, this.at(0.05), this.at(0.35), handler, {
      'file.size': this.plan.fileSizeBytes,
    });
    this.s3('shop-api', 'PutObject', MODEL_BUCKET, this.plan.modelKey, this.at(0.4), this.at(0.75), handler, {
      'file.size': this.plan.fileSizeBytes,
      'order.file.valid': true,
    });
    this.db('shop-api', 'UPDATE', 'orders', 'UPDATE orders SET status = $1, model_key = $2 WHERE id = $3', this.at(0.78), this.at(0.85), handler);
    this.publishFromStep('shop-api', handler, 0.87, 0.97);
  }

  private requestPrice(): void {
    const handler = this.consume('crm-api', this.a, this.at(1), {});
    if (!this.step.deadLetter) {
      this.publishFromStep('crm-api', handler, 0.6, 0.95);
    }
  }

  private calculatePrice(): void {
    const handler = this.consume('mes-api', this.a, this.at(1), { 'model.polygon_count': this.plan.polygonCount });
    if (this.step.deadLetter) {
      return;
    }
    // Downloading the model takes time proportional to its size (about 60 MB/s), capped to the step.
    const getEnd = this.a + Math.min(this.d * 0.3, 40 + this.plan.fileSizeBytes / 60_000);
    const missing = this.step.fileProblem === 'missing';
    this.s3(
      'mes-api',
      'GetObject',
      MODEL_BUCKET,
      this.plan.modelKey,
      this.a + Math.min(20, this.d * 0.02),
      missing ? this.a + Math.min(60, this.d * 0.3) : getEnd,
      handler,
      missing ? { 'order.file.valid': false } : { 'file.size': this.plan.fileSizeBytes, 'order.file.valid': this.step.fileProblem !== 'corrupt' },
      missing ? { type: 'Amazon.S3.Model.NoSuchKeyException', message: `The specified key does not exist: ${this.plan.modelKey}`, status: 404 } : undefined
    );
    if (missing) {
      return;
    }
    const corrupt = this.step.fileProblem === 'corrupt';
    const calcEnd = corrupt ? getEnd + (this.a + this.d - getEnd) * 0.5 : this.at(0.96);
    this.out.span({
      service: 'mes-api',
      layer: 'app',
      name: 'CalculatePrice',
      kind: SpanKind.INTERNAL,
      startMs: getEnd + 1,
      endMs: calcEnd,
      parent: handler,
      attributes: {
        'order.id': this.id,
        'model.polygon_count': this.plan.polygonCount,
        'file.size': this.plan.fileSizeBytes,
        ...(corrupt ? { 'order.file.valid': false } : { 'order.price.amount': this.plan.priceEur, 'order.price.currency': 'EUR' }),
      },
      error: corrupt ? { type: 'Mes.Pricing.InvalidModelException', message: 'unexpected end of STL data' } : undefined,
    });
    if (corrupt) {
      return;
    }
    this.db('mes-api', 'INSERT', 'PriceQuotes', 'INSERT INTO PriceQuotes (OrderRef, Amount, PolygonCount) VALUES (@p0, @p1, @p2)', this.at(0.965), this.at(0.975), handler);
    this.publishFromStep('mes-api', handler, 0.98, 0.995);
  }

  private crmConsume(): void {
    this.consume('crm-api', this.a, this.at(1), this.statusAttributes());
  }

  /** A customer action in the shop that the shop forwards to the CRM over HTTP (retried on 503). */
  private shopCallsCrm(shopMethod: string, shopRoute: string, crmMethod: string, crmRoute: string, statusCode: number): void {
    const start = this.a - this.step.leadMs;
    const end = this.at(1);
    const shopStatus = shopMethod === 'GET' ? 200 : statusCode;
    const server = this.httpServer('shop-api', shopMethod, shopRoute, shopStatus, start, end, this.step.kind === 'statusQuery' ? {} : this.customer());
    let clientStart = start + Math.min(3, this.step.leadMs / 4);
    let resend = 0;
    if (this.step.apiError) {
      const failEnd = clientStart + this.rng.between(30, 250);
      const client = this.httpClient('shop-api', crmMethod, 'crm-api', crmRoute, 503, clientStart, failEnd, server, 0);
      this.httpServer('crm-api', crmMethod, crmRoute, 503, clientStart + 1, failEnd - 1, {}, client, {
        type: 'org.springframework.dao.QueryTimeoutException',
        message: 'PreparedStatementCallback; SQL [SELECT ... FROM orders]; query timed out',
      });
      resend = 1;
      clientStart = this.a - 1;
    }
    const crmEnd = this.a + this.d * 0.7;
    const client = this.httpClient('shop-api', crmMethod, 'crm-api', crmRoute, 200, clientStart, crmEnd + 1, server, resend);
    const crm = this.httpServer('crm-api', crmMethod, crmRoute, 200, this.a, crmEnd, this.statusAttributes(), client);
    this.publishFromStep('crm-api', crm, 0.5, 0.65);
    if (this.step.kind === 'statusQuery') {
      this.db('shop-api', 'SELECT', 'orders', 'SELECT id, status, updated_at FROM orders WHERE id = $1', this.at(0.75), this.at(0.9), server);
    }
  }

  private registerWorkOrder(): void {
    const handler = this.consume('mes-api', this.a, this.at(1), {});
    if (!this.step.deadLetter) {
      this.db('mes-api', 'INSERT', 'WorkOrders', 'INSERT INTO WorkOrders (OrderRef, State, CreatedAt) VALUES (@p0, @p1, @p2)', this.at(0.3), this.at(0.8), handler);
    }
  }

  /** The operators' dashboard lists many orders, so its spans carry no `order.id`. */
  private dashboard(): void {
    const timeout = this.step.timeout === true;
    const rows = this.rng.int(40, 400);
    const server = this.out.span({
      service: 'mes-api',
      layer: 'http-server',
      name: 'GET /dashboard/orders',
      kind: SpanKind.SERVER,
      startMs: this.a,
      endMs: this.at(1),
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/dashboard/orders',
        'url.path': '/dashboard/orders',
        'url.scheme': 'https',
        'server.address': 'mes-api.alexandrite.internal',
        'server.port': 8080,
        'http.response.status_code': timeout ? 500 : 200,
        ...(timeout ? { 'error.type': '500' } : { 'mes.dashboard.rows': rows }),
      },
      error: timeout ? { type: 'Microsoft.Data.SqlClient.SqlException', message: 'Execution Timeout Expired. The timeout period elapsed prior to completion of the operation.' } : undefined,
    });
    this.db(
      'mes-api',
      'SELECT',
      'WorkOrders',
      'SELECT TOP (500) * FROM WorkOrders wo JOIN PriceQuotes pq ON pq.OrderRef = wo.OrderRef WHERE wo.State IN (@p0, @p1) ORDER BY wo.CreatedAt',
      this.at(0.01),
      this.at(timeout ? 0.995 : 0.9),
      server,
      {
        orderId: false,
        error: timeout ? { type: 'Microsoft.Data.SqlClient.SqlException', message: 'Execution Timeout Expired.' } : undefined,
      }
    );
  }

  private mesProgress(action: 'start' | 'complete'): void {
    const server = this.httpServer('mes-api', 'POST', `/work-orders/{id}/${action}`, 200, this.a, this.at(1), {
      ...this.statusAttributes(),
      'mes.work_order.id': `WO-${this.id.slice(4)}`,
    });
    this.db('mes-api', 'UPDATE', 'WorkOrders', 'UPDATE WorkOrders SET State = @p0, UpdatedAt = @p1 WHERE OrderRef = @p2', this.at(0.1), this.at(0.5), server);
    this.publishFromStep('mes-api', server, 0.6, 0.9);
  }

  private ship(): void {
    this.httpServer('crm-api', 'POST', '/orders/{id}/shipment', 201, this.a, this.at(1), {
      ...this.statusAttributes(),
      'shipment.carrier': this.rng.pick(['DHL', 'UPS', 'DPD']),
    });
  }

  private close(): void {
    this.out.span({
      service: 'crm-api',
      layer: 'app',
      name: 'OrderClosingJob.closeDelivered',
      kind: SpanKind.INTERNAL,
      startMs: this.a,
      endMs: this.at(1),
      attributes: { 'order.id': this.id, 'code.function.name': 'closeDelivered', ...this.statusAttributes() },
      ok: true,
    });
  }
}

/** Messaging attributes in the current conventions, or the older names the .NET MES still emits. */
function messagingAttributes(legacy: boolean, operation: 'send' | 'receive' | 'process', destination: string): Attributes {
  if (legacy) {
    return {
      'messaging.system': 'rabbitmq',
      'messaging.operation': operation === 'send' ? 'publish' : operation,
      'messaging.destination': destination,
      'messaging.destination_kind': 'queue',
      'messaging.rabbitmq.routing_key': destination,
      'net.peer.name': BROKER.host,
      'net.peer.port': BROKER.port,
    };
  }
  return {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': operation,
    'messaging.operation.name': operation === 'send' ? 'publish' : operation,
    'messaging.destination.name': destination,
    'messaging.rabbitmq.destination.routing_key': destination,
    'server.address': BROKER.host,
    'server.port': BROKER.port,
  };
}

function pascal(name: string): string {
  return name
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
