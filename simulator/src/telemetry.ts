import { Tracer } from '@opentelemetry/api';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  IdGenerator,
  ReadableSpan,
  SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { SERVICES, ServiceName } from './lifecycle';
import { Rng } from './rng';
import { GatedSpanProcessor, SamplingGate } from './sampling';

/** Instrumentation scopes, named like the libraries that would produce such spans in each stack. */
export type Layer = 'http-server' | 'http-client' | 'db' | 'messaging' | 's3' | 'app';

const SCOPES: Record<ServiceName, Record<Layer, string>> = {
  'shop-api': {
    'http-server': 'io.opentelemetry.spring-webmvc-6.0',
    'http-client': 'io.opentelemetry.java-http-client',
    db: 'io.opentelemetry.jdbc',
    messaging: 'io.opentelemetry.spring-rabbit-1.0',
    s3: 'io.opentelemetry.aws-sdk-2.2',
    app: 'com.alexandrite.shop',
  },
  'crm-api': {
    'http-server': 'io.opentelemetry.spring-webmvc-6.0',
    'http-client': 'io.opentelemetry.java-http-client',
    db: 'io.opentelemetry.jdbc',
    messaging: 'io.opentelemetry.spring-rabbit-1.0',
    s3: 'io.opentelemetry.aws-sdk-2.2',
    app: 'com.alexandrite.crm',
  },
  'mes-api': {
    'http-server': 'Microsoft.AspNetCore',
    'http-client': 'System.Net.Http',
    db: 'OpenTelemetry.Instrumentation.SqlClient',
    messaging: 'RabbitMQ.Client',
    s3: 'AWSSDK.S3',
    app: 'Mes.Pricing',
  },
};

const RESOURCES: Record<ServiceName, Record<string, string>> = {
  'shop-api': { 'service.version': '3.14.2', 'telemetry.sdk.language': 'java', 'process.runtime.name': 'OpenJDK Runtime Environment' },
  'crm-api': { 'service.version': '2.7.0', 'telemetry.sdk.language': 'java', 'process.runtime.name': 'OpenJDK Runtime Environment' },
  'mes-api': { 'service.version': '8.2.1-alx.4', 'telemetry.sdk.language': 'dotnet', 'process.runtime.name': '.NET' },
};

/** Trace and span ids drawn from the current order's seeded generator, so ids are reproducible. */
export class SeededIdGenerator implements IdGenerator {
  private rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed, 99);
  }

  use(rng: Rng): void {
    this.rng = rng;
  }

  generateTraceId(): string {
    return nonZero(this.rng.hex(32));
  }

  generateSpanId(): string {
    return nonZero(this.rng.hex(16));
  }
}

function nonZero(hex: string): string {
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/** Counts what the collector accepted, so a run can tell that every span arrived. */
class CountingExporter implements SpanExporter {
  accepted = 0;
  failed = 0;
  lastError: string | undefined;

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.accepted += spans.length;
      } else {
        this.failed += spans.length;
        this.lastError = result.error?.message ?? 'export failed';
      }
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush ? this.inner.forceFlush() : Promise.resolve();
  }
}

export interface ExportStats {
  accepted: number;
  failed: number;
  /** Spans the sampling dropped before export (never sent). */
  sampledOut: number;
  lastError?: string;
}

/**
 * Where the dirty world's spans without a service name come from: a second SDK in shop-api's
 * process that nobody gave `OTEL_SERVICE_NAME` (its resource has every attribute but the name).
 */
const NAMELESS_RESOURCE = { 'service.namespace': 'alexandrite', 'host.name': 'shop-api-1', 'telemetry.sdk.language': 'java' };

export interface TelemetryOptions {
  otlpUrl: string;
  seed: number;
  batchSize: number;
  /** Where spans go instead of OTLP; `undefined` asks for the exporter of the provider without a service name. */
  exporter?: (service: ServiceName | undefined) => SpanExporter;
}

/** One tracer provider and resource per service, all exporting OTLP/HTTP (protobuf) to one endpoint. */
export class Telemetry {
  readonly ids: SeededIdGenerator;
  /** Holds finished spans until their trace is decided, when the run samples (`--sampling`). */
  readonly gate = new SamplingGate();
  private readonly providers = new Map<ServiceName, BasicTracerProvider>();
  private nameless: BasicTracerProvider | undefined;
  private readonly exporters: CountingExporter[] = [];
  private readonly tracers = new Map<string, Tracer>();

  constructor(private readonly options: TelemetryOptions) {
    this.ids = new SeededIdGenerator(options.seed);
    SERVICES.forEach((service, instance) => {
      const provider = this.provider(service, {
        'service.name': service,
        'service.namespace': 'alexandrite',
        'service.instance.id': `${service}-${instance + 1}`,
        'deployment.environment.name': 'demo',
        'host.name': `${service}-${instance + 1}`,
        ...RESOURCES[service],
      });
      this.providers.set(service, provider);
    });
  }

  private provider(service: ServiceName | undefined, resource: Record<string, string>): BasicTracerProvider {
    const url = `${this.options.otlpUrl.replace(/\/+$/, '')}/v1/traces`;
    const inner = this.options.exporter ? this.options.exporter(service) : new OTLPTraceExporter({ url, timeoutMillis: 15000 });
    const exporter = new CountingExporter(inner);
    this.exporters.push(exporter);
    return new BasicTracerProvider({
      resource: resourceFromAttributes(resource),
      idGenerator: this.ids,
      spanLimits: { attributeCountLimit: 64, linkCountLimit: 8, eventCountLimit: 16 },
      spanProcessors: [
        new GatedSpanProcessor(
          new BatchSpanProcessor(exporter, {
            maxQueueSize: 1_000_000,
            maxExportBatchSize: this.options.batchSize,
            scheduledDelayMillis: 500,
            exportTimeoutMillis: 30000,
          }),
          this.gate
        ),
      ],
    });
  }

  /** A tracer whose spans carry no `service.name` (made on first use: a clean world never has one). */
  namelessTracer(layer: Layer): Tracer {
    const key = `|${layer}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      this.nameless ??= this.provider(undefined, NAMELESS_RESOURCE);
      tracer = this.nameless.getTracer(SCOPES['shop-api'][layer]);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  private allProviders(): BasicTracerProvider[] {
    return this.nameless ? [...this.providers.values(), this.nameless] : [...this.providers.values()];
  }

  tracer(service: ServiceName, layer: Layer): Tracer {
    const scope = SCOPES[service][layer];
    const key = `${service}|${scope}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      const provider = this.providers.get(service);
      if (!provider) {
        throw new Error(`no tracer provider for ${service}`);
      }
      tracer = provider.getTracer(scope);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  /** Exports everything queued and waits for the collector's answers. */
  async flush(): Promise<void> {
    await Promise.all(this.allProviders().map((provider) => provider.forceFlush()));
  }

  /**
   * Flushes and waits until the collector has answered for all `expected` spans (a flush does not
   * wait for an export the batch timer already started). Throws when that takes longer than `timeoutMs`.
   */
  async drain(expected: number, timeoutMs: number): Promise<ExportStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // A failed export is counted (and reported) by the counting exporters; keep waiting for the rest.
      await this.flush().catch(() => undefined);
      const stats = this.stats();
      if (stats.accepted + stats.failed + stats.sampledOut >= expected) {
        return stats;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the collector answered for ${stats.accepted + stats.failed} of ${expected - stats.sampledOut} spans within ${timeoutMs} ms` +
            (stats.lastError ? ` (last error: ${stats.lastError})` : '')
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stats(): ExportStats {
    const stats: ExportStats = { accepted: 0, failed: 0, sampledOut: this.gate.sampledOutSpans };
    for (const exporter of this.exporters) {
      stats.accepted += exporter.accepted;
      stats.failed += exporter.failed;
      stats.lastError = exporter.lastError ?? stats.lastError;
    }
    return stats;
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.allProviders().map((provider) => provider.shutdown()));
  }
}
