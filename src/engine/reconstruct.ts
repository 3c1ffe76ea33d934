import { EngineConfig } from './config';
import { EngineWarning, JaegerSearchRequest, OrderIndex, OrderTimeline, RequestOutcome } from './model';
import { validateOrderId } from './orderId';
import { buildOrderIndex } from './orderIndex';
import { readSpans } from './spans/read';
import { buildOrderTimeline } from './timeline';

/** Which search a request is, in the words notices use: "mes-api", "crm-api (SHIPPED)", … */
export function describeSearch(request: JaegerSearchRequest): string {
  const where = request.service ?? 'every service';
  if (request.purpose === 'service-errors') {
    return `${where} for failed requests without an order id`;
  }
  return `${where}${request.status ? ` (${request.status})` : ''}`;
}

/** Plain words for requests that failed or hit their limit, so a partial result says it is partial. */
export function outcomeWarnings(outcomes: RequestOutcome[]): EngineWarning[] {
  const warnings: EngineWarning[] = [];
  for (const outcome of outcomes) {
    const where = describeSearch(outcome.request);
    if (outcome.state === 'limit_reached') {
      warnings.push({
        code: 'limit_reached',
        message: `The search in ${where} returned its limit of ${outcome.request.limit} traces: older traces may be missing.`,
      });
    } else if (outcome.state === 'error' || outcome.state === 'timeout' || outcome.state === 'aborted') {
      warnings.push({
        code: 'partial_result',
        message: `The search in ${where} ${outcome.state === 'timeout' ? 'timed out' : outcome.state === 'aborted' ? 'was cancelled' : 'failed'}${
          outcome.message ? `: ${outcome.message}` : ''
        }. The result may be incomplete.`,
      });
    }
  }
  return warnings;
}

/** One order's timeline from raw responses (Jaeger JSON, OTLP JSON or trace frames, mixed). */
export function reconstructOrder(
  rawOrderId: unknown,
  payloads: unknown[],
  config: EngineConfig,
  options: { nowUs: number; outcomes?: RequestOutcome[]; notBeforeUs?: number }
): OrderTimeline {
  const orderId = validateOrderId(rawOrderId);
  const read = readSpans(payloads, config);
  return buildOrderTimeline(
    orderId,
    read.spans,
    config,
    options.nowUs,
    [...outcomeWarnings(options.outcomes ?? []), ...read.warnings],
    { notBeforeUs: options.notBeforeUs }
  );
}

/** The index of a window from the raw responses of an index plan. */
export function indexOrders(
  payloads: unknown[],
  config: EngineConfig,
  options: { startUs: number; endUs: number; nowUs?: number; outcomes?: RequestOutcome[] }
): OrderIndex {
  const read = readSpans(payloads, config);
  const outcomes = options.outcomes ?? [];
  return buildOrderIndex(read.spans, config, options, {
    truncated: outcomes.some((outcome) => outcome.state !== 'ok' && outcome.state !== 'empty'),
    warnings: [...outcomeWarnings(outcomes), ...read.warnings],
    nowUs: options.nowUs,
  });
}
