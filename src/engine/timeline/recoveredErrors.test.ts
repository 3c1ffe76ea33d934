import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { testSpan } from '../../test/spanBuilders';
import { compileConfig } from '../config';
import { OrderSpan } from '../model';
import { markRecoveredErrors } from './recoveredErrors';
import { inspectOrderSpans } from './spanFindings';
import { mergeDuplicateSpans } from './spanIndex';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const TRACE = 'e'.repeat(32);
const put = (startUs: number, status: OrderSpan['status'], route = '/orders/{id}', extra: Partial<OrderSpan> = {}) =>
  testSpan({
    traceId: TRACE,
    service: 'crm-api',
    operation: 'PUT',
    startUs,
    status,
    attributes: { 'url.template': route },
    ...extra,
  });

/** The error evidence of the spans after marking, as [severity, message]. */
function errorsAfterMarking(spans: OrderSpan[]): Array<[string, string]> {
  const { evidence } = inspectOrderSpans(
    spans,
    spans.map(() => null),
    spans.map(() => false),
    config,
    T0
  );
  markRecoveredErrors(spans, mergeDuplicateSpans(spans).byKey, evidence);
  return evidence.filter((item) => item.kind === 'error').map((item) => [item.severity, item.message]);
}

describe('markRecoveredErrors', () => {
  it('turns an error into info when a later attempt of the same request in the trace succeeded', () => {
    expect(errorsAfterMarking([put(T0, 'error'), put(T0 + 1, 'ok')])).toEqual([
      ['info', 'crm-api PUT failed at 22:13 UTC. A later attempt succeeded.'],
    ]);
  });

  it('keeps the error when the later span is another route, service or trace, or failed too', () => {
    const failed = put(T0, 'error');
    const keptAsWarning = [['warning', 'crm-api PUT failed at 22:13 UTC.']];
    expect(errorsAfterMarking([failed, put(T0 + 1, 'ok', '/invoices/{id}')])).toEqual(keptAsWarning);
    expect(errorsAfterMarking([failed, put(T0 + 1, 'ok', undefined, { service: 'mes-api' })])).toEqual(keptAsWarning);
    expect(errorsAfterMarking([failed, put(T0 + 1, 'ok', undefined, { traceId: 'f'.repeat(32) })])).toEqual(
      keptAsWarning
    );
    expect(errorsAfterMarking([failed, put(T0 + 1, 'error')]).map(([severity]) => severity)).toEqual([
      'warning',
      'warning',
    ]);
  });

  it('does not count an attempt that came before the failure', () => {
    expect(errorsAfterMarking([put(T0, 'ok'), put(T0 + 1, 'error')])).toEqual([
      ['warning', 'crm-api PUT failed at 22:13 UTC.'],
    ]);
  });

  it('says it once however many later attempts succeeded', () => {
    expect(errorsAfterMarking([put(T0, 'error'), put(T0 + 1, 'ok'), put(T0 + 2, 'ok')])).toEqual([
      ['info', 'crm-api PUT failed at 22:13 UTC. A later attempt succeeded.'],
    ]);
  });
});
