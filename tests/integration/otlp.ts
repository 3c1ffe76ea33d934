import { randomBytes } from 'node:crypto';

export type AttributeValue = string | number | boolean;

export interface TestSpan {
  service: string;
  name: string;
  startMs: number;
  durationMs: number;
  attributes: Record<string, AttributeValue>;
  error?: boolean;
  traceId?: string;
  spanId?: string;
}

export function randomTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function randomSpanId(): string {
  return randomBytes(8).toString('hex');
}

function attributeValue(value: AttributeValue) {
  if (typeof value === 'string') {
    return { stringValue: value };
  }
  if (typeof value === 'boolean') {
    return { boolValue: value };
  }
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

/** OTLP/JSON export request, one resource per service, as an instrumented service would send it. */
export function otlpRequest(spans: TestSpan[]): object {
  const byService = new Map<string, TestSpan[]>();
  for (const span of spans) {
    byService.set(span.service, [...(byService.get(span.service) ?? []), span]);
  }
  return {
    resourceSpans: [...byService.entries()].map(([service, serviceSpans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'ordertracker-tests' },
          spans: serviceSpans.map((span) => ({
            traceId: span.traceId ?? randomTraceId(),
            spanId: span.spanId ?? randomSpanId(),
            name: span.name,
            kind: 2,
            startTimeUnixNano: `${BigInt(Math.round(span.startMs)) * BigInt(1_000_000)}`,
            endTimeUnixNano: `${BigInt(Math.round(span.startMs + span.durationMs)) * BigInt(1_000_000)}`,
            attributes: Object.entries(span.attributes).map(([key, value]) => ({ key, value: attributeValue(value) })),
            status: span.error ? { code: 2, message: 'failed' } : { code: 1 },
          })),
        },
      ],
    })),
  };
}

export async function sendSpans(otlpHttpUrl: string, spans: TestSpan[]): Promise<void> {
  const response = await fetch(`${otlpHttpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(otlpRequest(spans)),
  });
  if (!response.ok) {
    throw new Error(`OTLP export refused: ${response.status} ${await response.text()}`);
  }
}
