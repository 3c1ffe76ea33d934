import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { testSpan } from '../../test/spanBuilders';
import { compileConfig } from '../config';
import { OrderSpan } from '../model';
import { orderLevelEvidence } from './orderEvidence';
import { orderStatuses } from './orderStatuses';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;
const MIN = 60_000_000;
const report = (status: string, minute: number, service: string) =>
  testSpan({ service, startUs: T0 + minute * MIN, attributes: { 'order.status': status } });

function evidenceOf(spans: OrderSpan[], nowUs: number) {
  return orderLevelEvidence(orderStatuses(spans, config, nowUs).intervals, config, nowUs);
}

describe('orderLevelEvidence', () => {
  it('names past stays that broke their SLA, but leaves the current stay to the verdict', () => {
    // SUBMITTED allows 10 min and lasted 15; FILE_UPLOADED allows 30 and is current.
    const submitted = report('SUBMITTED', 0, 'shop-api');
    const evidence = evidenceOf([submitted, report('FILE_UPLOADED', 15, 'shop-api')], T0 + 20 * MIN);
    expect(evidence).toEqual([
      {
        kind: 'sla_breached',
        severity: 'warning',
        atUs: T0,
        status: 'SUBMITTED',
        service: 'shop-api',
        message: 'SUBMITTED lasted 15 min (SLA 10 min).',
        spans: [{ traceId: submitted.traceId, spanId: submitted.spanId }],
      },
    ]);
  });

  it('names the status that never came and who should have set it, once the current stay is past its SLA', () => {
    const submitted = report('SUBMITTED', 0, 'shop-api');
    expect(evidenceOf([submitted], T0 + 10 * MIN)).toEqual([]);
    expect(evidenceOf([submitted], T0 + 133 * MIN)).toEqual([
      {
        kind: 'expected_status_missing',
        severity: 'critical',
        atUs: T0,
        status: 'SUBMITTED',
        service: 'shop-api',
        message:
          'FILE_UPLOADED never came from shop-api: the order entered SUBMITTED at 22:13 UTC and nothing moved it on for 2 h 13 min.',
        spans: [{ traceId: submitted.traceId, spanId: submitted.spanId }],
      },
    ]);
  });

  it('expects nothing after a terminal status, however long ago it was reached', () => {
    expect(evidenceOf([report('SHIPPED', 0, 'crm-api'), report('CLOSED', 1, 'crm-api')], T0 + 30 * 86400e6)).toEqual(
      []
    );
  });

  it('says a keeper that followed the order never recorded a status another service set', () => {
    const evidence = evidenceOf(
      [report('MANUFACTURING_APPROVED', 0, 'crm-api'), report('MANUFACTURING_STARTED', 10, 'mes-api')],
      T0 + 20 * MIN
    );
    expect(evidence.map((item) => [item.kind, item.service, item.message])).toEqual([
      [
        'status_disagreement',
        'mes-api',
        'mes-api reports MANUFACTURING_STARTED since 22:23 UTC, but crm-api never recorded it (it last recorded MANUFACTURING_APPROVED): a status event was lost between them.',
      ],
    ]);
  });

  it('gives a status event time to reach the keeper before calling it lost', () => {
    const spans = [report('MANUFACTURING_APPROVED', 0, 'crm-api'), report('MANUFACTURING_STARTED', 10, 'mes-api')];
    expect(evidenceOf(spans, T0 + 11 * MIN)).toEqual([]);
    expect(evidenceOf([...spans, report('MANUFACTURING_STARTED', 11, 'crm-api')], T0 + 20 * MIN)).toEqual([]);
  });
});
