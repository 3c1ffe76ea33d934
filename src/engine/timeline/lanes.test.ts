import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { testSpan } from '../../test/spanBuilders';
import { compileConfig } from '../config';
import { buildLanes } from './lanes';

const config = compileConfig(DEFAULT_SETTINGS);
const T0 = 1_700_000_000_000_000;

describe('buildLanes', () => {
  const upload = testSpan({ service: 'shop-api', startUs: T0 + 3, attributes: { 'aws.s3.bucket': 'uploads' } });
  const publish = testSpan({
    service: 'crm-api',
    startUs: T0 + 2,
    messaging: { system: 'rabbitmq', operation: 'publish', destination: 'mes.orders', deadLetter: false },
  });
  const status = testSpan({ service: 'shop-api', startUs: T0 + 1, attributes: { 'order.status': 'SUBMITTED' } });
  const lanes = buildLanes([upload, publish, status], [['invalid_file'], [], ['status_change']], config);

  it('puts services first, then queues, then storage, each in order of first appearance', () => {
    expect(lanes.map((lane) => [lane.id, lane.kind, lane.name])).toEqual([
      ['service:shop-api', 'service', 'shop-api'],
      ['service:crm-api', 'service', 'crm-api'],
      ['queue:mes.orders', 'queue', 'mes.orders'],
      ['storage:uploads', 'storage', 's3://uploads'],
    ]);
  });

  it('shows a messaging or S3 span as the same bar in its service lane and its queue or storage lane', () => {
    const [shop, crm, queue, storage] = lanes;
    expect(shop.spans.map((bar) => bar.span.spanId)).toEqual([upload.spanId, status.spanId]);
    expect(queue.spans).toEqual(crm.spans);
    expect(queue.spans[0]).toBe(crm.spans[0]);
    expect(storage.spans[0]).toBe(shop.spans[0]);
  });

  it('gives a bar its marks and, for a status span, the status it reported', () => {
    const [shop] = lanes;
    expect(shop.spans[0]).toEqual({
      span: { traceId: upload.traceId, spanId: upload.spanId },
      operation: 'op',
      startUs: T0 + 3,
      durationUs: 1000,
      status: 'unset',
      marks: ['invalid_file'],
    });
    expect(shop.spans[1]).toMatchObject({ orderStatus: 'SUBMITTED', marks: ['status_change'] });
  });

  it('leaves a queue lane out for a messaging span without a destination', () => {
    const anonymous = testSpan({ messaging: { system: 'kafka', operation: 'process', deadLetter: false } });
    expect(buildLanes([anonymous], [[]], config).map((lane) => lane.kind)).toEqual(['service']);
  });
});
