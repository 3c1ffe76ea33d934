import { EngineConfig, slaFor } from './config';
import { formatClock, formatHumanDuration } from './format';
import { Evidence, EvidenceKind, OrderSpan, SpanMark, SpanRef } from './model';

/** How strongly each kind explains a stuck order: the verdict names the strongest. */
export const CAUSE_PRIORITY: Record<EvidenceKind, number> = {
  dead_letter: 90,
  status_disagreement: 85,
  unconsumed_message: 80,
  invalid_file: 75,
  error: 60,
  slow_operation: 50,
  // Circumstantial: above "nothing explains it", below anything that carries the order's own id.
  service_errors: 30,
  retry: 20,
  sla_breached: 15,
  expected_status_missing: 10,
};

export function refOf(span: OrderSpan): SpanRef {
  return { traceId: span.traceId, spanId: span.spanId };
}

export function isRetry(span: OrderSpan): boolean {
  const attempt = span.attributes['http.request.resend_count'] ?? span.attributes['retry.attempt'];
  return Number(attempt) > 0;
}

export function isStorageSpan(span: OrderSpan): boolean {
  return typeof span.attributes['aws.s3.bucket'] === 'string' || typeof span.attributes['aws.s3.key'] === 'string';
}

/** `false` for an upload marked invalid, `missing` for a failed read of a file that is not there. */
export function fileProblem(span: OrderSpan): 'invalid' | 'missing' | undefined {
  if (isStorageSpan(span) && span.status === 'error') {
    return 'missing';
  }
  const valid = span.attributes['order.file.valid'];
  if (valid === false || valid === 'false') {
    return 'invalid';
  }
  return undefined;
}

export function errorMessage(span: OrderSpan): string | undefined {
  for (const event of span.events) {
    const message = event.attributes['exception.message'] ?? event.attributes.message;
    if (event.name === 'exception' && typeof message === 'string') {
      const type = event.attributes['exception.type'];
      return typeof type === 'string' && !message.includes(type) ? `${type}: ${message}` : message;
    }
  }
  const code = span.attributes['http.response.status_code'] ?? span.attributes['http.status_code'];
  return span.statusMessage ?? (code !== undefined ? `HTTP ${String(code)}` : undefined);
}

/** Is the span slow for the status the order was in (absolute threshold or share of that status's SLA)? */
export function isSlow(span: OrderSpan, config: EngineConfig, status: string | null): boolean {
  if (span.durationUs >= config.slowSpanUs) {
    return true;
  }
  const sla = slaFor(config, status);
  return sla !== null && span.durationUs >= sla * 1_000_000 * config.slowSpanSlaShare;
}

export function clip(text: string, length = 160): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** The marks a swimlane bar gets, and the evidence a single span gives by itself. */
export function inspectSpan(
  span: OrderSpan,
  config: EngineConfig,
  status: string | null,
  slow: boolean,
  nowUs: number
): { marks: SpanMark[]; evidence: Evidence[] } {
  const marks: SpanMark[] = [];
  const evidence: Evidence[] = [];
  if (typeof span.attributes[config.statusKey] === 'string' && span.status !== 'error') {
    marks.push('status_change');
  }
  const plain =
    span.status !== 'error' && !slow && !span.messaging?.deadLetter && !isStorageSpan(span) && !isRetry(span);
  const valid = span.attributes['order.file.valid'];
  if (plain && valid !== false && valid !== 'false') {
    // The common case: nothing to say about this span (no strings built, no dates formatted).
    return { marks, evidence };
  }
  const ref = refOf(span);
  const at = formatClock(span.startUs, nowUs);
  const what = `${span.service} ${clip(span.operation, 80)}`;
  if (span.messaging?.deadLetter) {
    marks.push('dead_letter');
    const destination = span.messaging.destination;
    // "(crm-api orders.submitted.dlq publish)" would say the queue twice: name the service only then.
    const by = destination && span.operation.includes(destination) ? `by ${span.service}` : what;
    evidence.push({
      kind: 'dead_letter',
      severity: 'critical',
      atUs: span.startUs,
      status,
      service: span.service,
      message: `The message was dead-lettered to ${clip(destination ?? 'a dead-letter queue', 80)} (${by}) at ${at}.`,
      spans: [ref, ...span.links.slice(0, 3).map(({ traceId, spanId }) => ({ traceId, spanId }))],
    });
  }
  const file = fileProblem(span);
  if (file) {
    marks.push('invalid_file');
    const bucket = span.attributes['aws.s3.bucket'];
    const key = span.attributes['aws.s3.key'];
    const name = typeof key === 'string' ? `${typeof bucket === 'string' ? `s3://${bucket}/` : ''}${key}` : 'the file';
    evidence.push({
      kind: 'invalid_file',
      severity: 'critical',
      atUs: span.startUs,
      status,
      service: span.service,
      message:
        file === 'invalid'
          ? `${clip(name, 120)} is invalid (${what} marked it order.file.valid=false, size ${String(span.attributes['file.size'] ?? 'unknown')}).`
          : `${clip(name, 120)} could not be read at ${at}: ${clip(errorMessage(span) ?? 'the storage returned an error', 120)}.`,
      spans: [ref],
    });
  }
  if (span.status === 'error') {
    marks.push('error');
    if (!file) {
      evidence.push({
        kind: 'error',
        severity: 'warning',
        atUs: span.startUs,
        status,
        service: span.service,
        message: `${what} failed at ${at}${errorMessage(span) ? `: ${clip(errorMessage(span) ?? '', 160)}` : ''}.`,
        spans: [ref],
      });
    }
  }
  if (isRetry(span)) {
    marks.push('retry');
    const attempt = span.attributes['http.request.resend_count'] ?? span.attributes['retry.attempt'];
    evidence.push({
      kind: 'retry',
      severity: span.status === 'error' ? 'warning' : 'info',
      atUs: span.startUs,
      status,
      service: span.service,
      message: `${what} was retried (attempt ${String(attempt)}) at ${at}${span.status === 'error' ? ' and failed again' : ' and succeeded'}.`,
      spans: [ref],
    });
  }
  if (slow) {
    marks.push('slow');
    const sla = slaFor(config, status);
    const complexity = span.attributes['model.polygon_count'];
    evidence.push({
      kind: 'slow_operation',
      severity: 'warning',
      atUs: span.startUs,
      status,
      service: span.service,
      message:
        `${what} took ${formatHumanDuration(span.durationUs)}` +
        (sla !== null ? ` while ${status} allows ${formatHumanDuration(sla * 1_000_000)}` : '') +
        (complexity !== undefined ? ` (model of ${String(complexity)} polygons)` : '') +
        '.',
      spans: [ref],
    });
  }
  return { marks, evidence };
}

/**
 * The evidence that best explains the state since a time (strongest kind, then latest). `info`
 * items (a retry that succeeded, an error a later attempt got past) explain nothing.
 */
export function strongestCause(evidence: Evidence[], since: number): Evidence | undefined {
  let best: Evidence | undefined;
  for (const item of evidence) {
    if (item.atUs < since || item.severity === 'info') {
      continue;
    }
    if (
      !best ||
      CAUSE_PRIORITY[item.kind] > CAUSE_PRIORITY[best.kind] ||
      (CAUSE_PRIORITY[item.kind] === CAUSE_PRIORITY[best.kind] && item.atUs > best.atUs)
    ) {
      best = item;
    }
  }
  return best;
}
