import { Attributes, SpanContext, SpanKind } from '@opentelemetry/api';
import { ServiceName } from '../lifecycle';
import { Message, Queue } from '../plan';
import { SpanError, SpanWriter } from './types';

const SHOP_DB = { system: 'postgresql', namespace: 'shop', host: 'shop-db.alexandrite.internal', port: 5432 };
const MES_DB = { system: 'microsoft.sql_server', legacy: 'mssql', namespace: 'MES', host: 'mes-db.alexandrite.internal', port: 1433 };
const BROKER = { host: 'rabbitmq.alexandrite.internal', port: 5672 };
const DEAD_LETTER_EXCHANGE = 'orders.dlx';

/** How the consumer's handler ends: `rejected` dead-letters the message, `failure` fails the handler. */
export interface Handling {
  rejected: boolean;
  failure?: SpanError;
}

/**
 * The spans instrumentation libraries produce (HTTP server/client, database, S3, RabbitMQ), each
 * about one order: they carry its `order.id` (the dashboard's query opts out), and messages are
 * tracked so a consumer can link to its producer.
 */
export class OrderSpanShapes {
  constructor(
    private readonly out: SpanWriter,
    private readonly orderId: string,
    /** Producer span contexts of the order's in-flight messages, by message key. */
    private readonly messages: Map<string, SpanContext>
  ) {}

  httpServer(
    service: ServiceName,
    method: string,
    route: string,
    statusCode: number,
    startMs: number,
    endMs: number,
    extra: Attributes,
    parent?: SpanContext,
    error?: SpanError
  ): SpanContext {
    const path = route.replace('{id}', this.orderId);
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
        'order.id': this.orderId,
        ...extra,
      },
      error,
    });
  }

  httpClient(
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
        'url.full': `http://${target}:8080${route.replace('{id}', this.orderId)}`,
        'url.template': route,
        'server.address': target,
        'server.port': 8080,
        'http.response.status_code': statusCode,
        ...(resendCount > 0 ? { 'http.request.resend_count': resendCount } : {}),
        ...(statusCode >= 500 ? { 'error.type': String(statusCode) } : {}),
        'order.id': this.orderId,
      },
      error: statusCode >= 500 ? { type: 'java.io.IOException', message: `HTTP ${statusCode} Service Unavailable from ${target}` } : undefined,
    });
  }

  db(
    service: ServiceName,
    operation: string,
    table: string,
    query: string,
    startMs: number,
    endMs: number,
    parent: SpanContext,
    options: { orderId?: boolean; error?: SpanError } = {}
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
      attributes['order.id'] = this.orderId;
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

  s3(
    service: ServiceName,
    method: 'PutObject' | 'GetObject' | 'CopyObject',
    bucket: string,
    key: string,
    startMs: number,
    endMs: number,
    parent: SpanContext,
    extra: Attributes,
    error?: SpanError & { status: number }
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
        'order.id': this.orderId,
        ...extra,
      },
      error: error ? { type: error.type, message: error.message } : undefined,
    });
  }

  /** Publishes a message; remembers the producer context so the consumer can link to it. */
  publish(service: ServiceName, message: Message, startMs: number, endMs: number, parent: SpanContext): void {
    const context = this.producer(service, message.queue, startMs, endMs, parent, { 'messaging.message.id': `${this.orderId}-${message.key}` });
    this.messages.set(message.key, context);
  }

  /**
   * The consumer side of a message: a new trace linked to the producer. Spring consumers emit one
   * `process` span; the .NET MES emits `receive` with a `process` child. A rejected message is
   * published to the queue's dead-letter queue. Returns the span the handler's work hangs under.
   */
  consume(service: ServiceName, message: Message, startMs: number, endMs: number, extra: Attributes, handling: Handling): SpanContext {
    const producer = this.messages.get(message.key);
    this.messages.delete(message.key);
    const links = producer ? [producer] : [];
    const legacy = usesLegacyConventions(service);
    const error = handling.rejected ? rejection(legacy, message.queue) : handling.failure;
    let handler: SpanContext;
    if (legacy) {
      const receiveEnd = startMs + Math.min(15, (endMs - startMs) * 0.05);
      const receive = this.consumer(service, 'receive', message.queue, startMs, receiveEnd, { links }, {});
      handler = this.consumer(service, 'process', message.queue, receiveEnd, endMs, { parent: receive }, extra, error);
    } else {
      handler = this.consumer(service, 'process', message.queue, startMs, endMs, { links }, extra, error);
    }
    if (handling.rejected) {
      this.producer(service, `${message.queue}.dlq`, endMs - Math.min(5, (endMs - startMs) * 0.1), endMs, handler, {
        'messaging.rabbitmq.dead_letter.exchange': DEAD_LETTER_EXCHANGE,
        'messaging.rabbitmq.dead_letter.reason': 'rejected',
      });
    }
    return handler;
  }

  private producer(service: ServiceName, destination: string, startMs: number, endMs: number, parent: SpanContext, extra: Attributes): SpanContext {
    const legacy = usesLegacyConventions(service);
    return this.out.span({
      service,
      layer: 'messaging',
      name: messagingSpanName(legacy, 'publish', destination),
      kind: SpanKind.PRODUCER,
      startMs,
      endMs,
      parent,
      attributes: { ...messagingAttributes(legacy, 'send', destination), ...extra, 'order.id': this.orderId },
    });
  }

  private consumer(
    service: ServiceName,
    operation: 'receive' | 'process',
    queue: Queue,
    startMs: number,
    endMs: number,
    relation: { parent?: SpanContext; links?: SpanContext[] },
    extra: Attributes,
    error?: SpanError
  ): SpanContext {
    const legacy = usesLegacyConventions(service);
    return this.out.span({
      service,
      layer: 'messaging',
      name: messagingSpanName(legacy, operation, queue),
      kind: SpanKind.CONSUMER,
      startMs,
      endMs,
      ...relation,
      attributes: { ...messagingAttributes(legacy, operation, queue), 'order.id': this.orderId, ...extra },
      error,
    });
  }
}

/** The MES is a purchased .NET system whose RabbitMQ instrumentation still uses the older names. */
function usesLegacyConventions(service: ServiceName): boolean {
  return service === 'mes-api';
}

/** Spring names messaging spans `<operation> <destination>`, the .NET client `<destination> <operation>`. */
function messagingSpanName(legacy: boolean, operation: 'publish' | 'receive' | 'process', destination: string): string {
  return legacy ? `${destination} ${operation}` : `${operation} ${destination}`;
}

/** Why each stack's consumer rejects a message it cannot handle. */
function rejection(legacy: boolean, queue: Queue): SpanError {
  return legacy
    ? { type: 'System.Text.Json.JsonException', message: `The JSON value could not be converted to Mes.Contracts.${pascal(queue)}` }
    : { type: 'org.springframework.amqp.AmqpRejectAndDontRequeueException', message: `Listener threw exception: message on ${queue} rejected` };
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
