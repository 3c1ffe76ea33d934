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
  lastError?: string;
}

/** One tracer provider and resource per service, all exporting OTLP/HTTP (protobuf) to one endpoint. */
export class Telemetry {
  readonly ids: SeededIdGenerator;
  private readonly providers = new Map<ServiceName, BasicTracerProvider>();
  private readonly exporters: CountingExporter[] = [];
  private readonly tracers = new Map<string, Tracer>();

  constructor(options: { otlpUrl: string; seed: number; batchSize: number; exporter?: (service: ServiceName) => SpanExporter }) {
    this.ids = new SeededIdGenerator(options.seed);
    const url = `${options.otlpUrl.replace(/\/+$/, '')}/v1/traces`;
    SERVICES.forEach((service, instance) => {
      const inner = options.exporter ? options.exporter(service) : new OTLPTraceExporter({ url, timeoutMillis: 15000 });
      const exporter = new CountingExporter(inner);
      this.exporters.push(exporter);
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          'service.name': service,
          'service.namespace': 'alexandrite',
          'service.instance.id': `${service}-${instance + 1}`,
          'deployment.environment.name': 'demo',
          'host.name': `${service}-${instance + 1}`,
          ...RESOURCES[service],
        }),
        idGenerator: this.ids,
        spanLimits: { attributeCountLimit: 64, linkCountLimit: 8, eventCountLimit: 16 },
        spanProcessors: [
          new BatchSpanProcessor(exporter, {
            maxQueueSize: 1_000_000,
            maxExportBatchSize: options.batchSize,
            scheduledDelayMillis: 500,
            exportTimeoutMillis: 30000,
          }),
        ],
      });
      this.providers.set(service, provider);
    });
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
    await Promise.all([...this.providers.values()].map((provider) => provider.forceFlush()));
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
      if (stats.accepted + stats.failed >= expected) {
        return stats;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the collector answered for ${stats.accepted + stats.failed} of ${expected} spans within ${timeoutMs} ms` +
            (stats.lastError ? ` (last error: ${stats.lastError})` : '')
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stats(): ExportStats {
    const stats: ExportStats = { accepted: 0, failed: 0 };
    for (const exporter of this.exporters) {
      stats.accepted += exporter.accepted;
      stats.failed += exporter.failed;
      stats.lastError = exporter.lastError ?? stats.lastError;
    }
    return stats;
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.providers.values()].map((provider) => provider.shutdown()));
  }
}
