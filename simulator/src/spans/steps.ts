import { Attributes, SpanContext, SpanKind } from '@opentelemetry/api';
import { ServiceName } from '../lifecycle';
import { OrderPlan, Queue, Step } from '../plan';
import { Rng } from '../rng';
import { OrderSpanShapes } from './shapes';
import { SpanError, SpanWriter } from './types';

const UPLOAD_BUCKET = 'alexandrite-model-uploads';
const MODEL_BUCKET = 'alexandrite-models';

/**
 * The spans of one step of the Alexandrite flow: which service does what, in which order and when
 * within the step. A small class so the per-kind layouts share the order's details.
 */
export class StepSpans {
  private readonly a: number;
  private readonly d: number;
  private readonly id: string;
  private readonly shapes: OrderSpanShapes;
  private deadLettered: Queue | undefined;

  constructor(
    private readonly out: SpanWriter,
    private readonly plan: OrderPlan,
    private readonly step: Step,
    private readonly rng: Rng,
    messages: Map<string, SpanContext>
  ) {
    this.a = step.atMs;
    this.d = step.durationMs;
    this.id = plan.orderId;
    this.shapes = new OrderSpanShapes(out, plan.orderId, messages);
  }

  /** Emits the step's spans; returns the queue whose message was dead-lettered, if any. */
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

  /** Consumes the step's message over the whole step; a dead-lettered message is reported by `run`. */
  private consume(service: ServiceName, extra: Attributes, failure?: SpanError): SpanContext {
    const message = this.step.consumes;
    if (!message) {
      throw new Error(`step ${this.step.kind} consumes no message`);
    }
    const rejected = this.step.deadLetter === true;
    if (rejected) {
      this.deadLettered = message.queue;
    }
    return this.shapes.consume(service, message, this.a, this.at(1), extra, { rejected, failure });
  }

  private publishFromStep(service: ServiceName, parent: SpanContext, from: number, to: number): void {
    const message = this.step.publishes;
    if (message) {
      this.shapes.publish(service, message, this.at(from), this.at(to), parent);
    }
  }

  private create(): void {
    // Reference instrumentation: who the customer is stays in the shop's database, not in its spans.
    const server = this.shapes.httpServer('shop-api', 'POST', '/orders', 201, this.a, this.at(1), this.statusAttributes());
    this.shapes.db('shop-api', 'INSERT', 'orders', 'INSERT INTO orders (id, customer_id, status, created_at) VALUES ($1, $2, $3, $4)', this.at(0.25), this.at(0.7), server);
  }

  private uploadModel(): void {
    const server = this.shapes.httpServer('shop-api', 'PUT', '/orders/{id}/model', 200, this.a, this.at(1), { 'file.size': this.plan.fileSizeBytes });
    this.shapes.s3('shop-api', 'PutObject', UPLOAD_BUCKET, `uploads/${this.id}/model.stl`, this.at(0.05), this.at(0.85), server, {
      'file.size': this.plan.fileSizeBytes,
      'order.file.valid': true,
    });
    this.shapes.db('shop-api', 'UPDATE', 'orders', 'UPDATE orders SET model_key = $1, updated_at = $2 WHERE id = $3', this.at(0.88), this.at(0.97), server);
  }

  private submit(): void {
    const server = this.shapes.httpServer('shop-api', 'POST', '/orders/{id}/submit', 202, this.a, this.at(1), this.statusAttributes());
    this.shapes.db('shop-api', 'UPDATE', 'orders', 'UPDATE orders SET status = $1, submitted_at = $2 WHERE id = $3', this.at(0.1), this.at(0.5), server);
    this.publishFromStep('shop-api', server, 0.6, 0.9);
  }

  private processFile(): void {
    const handler = this.consume('shop-api', this.statusAttributes());
    if (this.step.deadLetter) {
      return;
    }
    this.shapes.s3('shop-api', 'GetObject', UPLOAD_BUCKET, `uploads/${this.id}/model.stl`, this.at(0.05), this.at(0.35), handler, {
      'file.size': this.plan.fileSizeBytes,
    });
    this.shapes.s3('shop-api', 'PutObject', MODEL_BUCKET, this.plan.modelKey, this.at(0.4), this.at(0.75), handler, {
      'file.size': this.plan.fileSizeBytes,
      'order.file.valid': true,
    });
    this.shapes.db('shop-api', 'UPDATE', 'orders', 'UPDATE orders SET status = $1, model_key = $2 WHERE id = $3', this.at(0.78), this.at(0.85), handler);
    this.publishFromStep('shop-api', handler, 0.87, 0.97);
  }

  private requestPrice(): void {
    const handler = this.consume('crm-api', {});
    if (!this.step.deadLetter) {
      this.publishFromStep('crm-api', handler, 0.6, 0.95);
    }
  }

  private calculatePrice(): void {
    const handler = this.consume('mes-api', { 'model.polygon_count': this.plan.polygonCount }, this.modelFailure());
    if (this.step.deadLetter) {
      return;
    }
    // Downloading the model takes time proportional to its size (about 60 MB/s), capped to the step.
    const getEnd = this.a + Math.min(this.d * 0.3, 40 + this.plan.fileSizeBytes / 60_000);
    const missing = this.step.fileProblem === 'missing';
    this.shapes.s3(
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
    this.shapes.db('mes-api', 'INSERT', 'PriceQuotes', 'INSERT INTO PriceQuotes (OrderRef, Amount, PolygonCount) VALUES (@p0, @p1, @p2)', this.at(0.965), this.at(0.975), handler);
    this.publishFromStep('mes-api', handler, 0.98, 0.995);
  }

  /** The MES price calculation's handler fails when the model is missing or unreadable. */
  private modelFailure(): SpanError | undefined {
    if (this.step.fileProblem === 'missing') {
      return { type: 'Amazon.S3.AmazonS3Exception', message: `The specified key does not exist. (NoSuchKey: ${this.plan.modelKey})` };
    }
    if (this.step.fileProblem === 'corrupt') {
      return { type: 'Mes.Pricing.InvalidModelException', message: `3D model ${this.plan.modelKey} is corrupt: unexpected end of STL data` };
    }
    return undefined;
  }

  private crmConsume(): void {
    this.consume('crm-api', this.statusAttributes());
  }

  /** A customer action in the shop that the shop forwards to the CRM over HTTP (retried on 503). */
  private shopCallsCrm(shopMethod: string, shopRoute: string, crmMethod: string, crmRoute: string, statusCode: number): void {
    const start = this.a - this.step.leadMs;
    const end = this.at(1);
    const shopStatus = shopMethod === 'GET' ? 200 : statusCode;
    const server = this.shapes.httpServer('shop-api', shopMethod, shopRoute, shopStatus, start, end, {});
    let clientStart = start + Math.min(3, this.step.leadMs / 4);
    let resend = 0;
    if (this.step.apiError) {
      const failEnd = clientStart + this.rng.between(30, 250);
      const client = this.shapes.httpClient('shop-api', crmMethod, 'crm-api', crmRoute, 503, clientStart, failEnd, server, 0);
      this.shapes.httpServer('crm-api', crmMethod, crmRoute, 503, clientStart + 1, failEnd - 1, {}, client, {
        type: 'org.springframework.dao.QueryTimeoutException',
        message: 'PreparedStatementCallback; SQL [SELECT ... FROM orders]; query timed out',
      });
      resend = 1;
      clientStart = this.a - 1;
    }
    const crmEnd = this.a + this.d * 0.7;
    const client = this.shapes.httpClient('shop-api', crmMethod, 'crm-api', crmRoute, 200, clientStart, crmEnd + 1, server, resend);
    const crm = this.shapes.httpServer('crm-api', crmMethod, crmRoute, 200, this.a, crmEnd, this.statusAttributes(), client);
    this.publishFromStep('crm-api', crm, 0.5, 0.65);
    if (this.step.kind === 'statusQuery') {
      this.shapes.db('shop-api', 'SELECT', 'orders', 'SELECT id, status, updated_at FROM orders WHERE id = $1', this.at(0.75), this.at(0.9), server);
    }
  }

  private registerWorkOrder(): void {
    const handler = this.consume('mes-api', {});
    if (!this.step.deadLetter) {
      this.shapes.db('mes-api', 'INSERT', 'WorkOrders', 'INSERT INTO WorkOrders (OrderRef, State, CreatedAt) VALUES (@p0, @p1, @p2)', this.at(0.3), this.at(0.8), handler);
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
    this.shapes.db(
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
    const server = this.shapes.httpServer('mes-api', 'POST', `/work-orders/{id}/${action}`, 200, this.a, this.at(1), {
      ...this.statusAttributes(),
      'mes.work_order.id': `WO-${this.id.slice(4)}`,
    });
    this.shapes.db('mes-api', 'UPDATE', 'WorkOrders', 'UPDATE WorkOrders SET State = @p0, UpdatedAt = @p1 WHERE OrderRef = @p2', this.at(0.1), this.at(0.5), server);
    this.publishFromStep('mes-api', server, 0.6, 0.9);
  }

  private ship(): void {
    this.shapes.httpServer('crm-api', 'POST', '/orders/{id}/shipment', 201, this.a, this.at(1), {
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
