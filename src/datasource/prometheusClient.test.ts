import { byLabel, PrometheusQueryError, readVector } from './prometheusClient';
import { readExemplars } from './prometheusExemplars';

const answer = (data: unknown) => ({ status: 'success', data });

describe("reading Prometheus' instant-query answer", () => {
  it('reads a vector and a scalar', () => {
    expect(
      readVector(answer({ resultType: 'vector', result: [{ metric: { status: 'SUBMITTED' }, value: [1, '3'] }] }))
    ).toEqual([{ labels: { status: 'SUBMITTED' }, value: 3 }]);
    expect(readVector(answer({ resultType: 'scalar', result: [1, '0.5'] }))).toEqual([{ labels: {}, value: 0.5 }]);
  });

  it.each([
    [null, 'not a Prometheus answer'],
    [{ status: 'error', error: 'bad_data: parse error' }, 'bad_data: parse error'],
    [{ status: 'error', error: '' }, 'not a Prometheus answer'],
    [answer({ resultType: 'matrix', result: [] }), 'expected an instant vector, got matrix'],
    [answer({ resultType: {}, result: [] }), 'expected an instant vector, got {}'],
    [answer({ resultType: 'vector', result: {} }), 'an instant vector without its list of series (result: {})'],
    [answer({ resultType: 'vector' }), 'an instant vector without its list of series (result: nothing)'],
  ])('says clearly what is wrong with %j', (payload, message) => {
    expect(() => readVector(payload)).toThrow(new PrometheusQueryError(message));
  });

  it('keeps series with odd values out of the numbers a page uses, and labels that are not text out of the labels', () => {
    const samples = readVector(
      answer({
        resultType: 'vector',
        result: [
          { metric: { status: 'SUBMITTED' }, value: [1, 'NaN'] },
          { metric: { status: 'FILE_UPLOADED' }, value: [1, '+Inf'] },
          { metric: { status: {} }, value: [1, '2'] },
          { metric: { status: 'SHIPPED' }, value: [1, [[]]] },
          { metric: { status: 'CLOSED' }, value: [1, '4'] },
          'not a series',
        ],
      })
    );
    expect([...byLabel(samples, 'status')]).toEqual([['CLOSED', 4]]);
  });
});

describe("reading Prometheus' exemplar answer", () => {
  it('leaves out exemplars whose value or time is not a number, instead of placing them at 0 or in 1970', () => {
    const exemplars = readExemplars({
      status: 'success',
      data: [
        {
          seriesLabels: { status: 'SUBMITTED' },
          exemplars: [
            { labels: { trace_id: 'a'.repeat(32) }, value: '12.5', timestamp: 1_767_225_600.123 },
            { labels: { trace_id: 'b'.repeat(32) }, value: [], timestamp: 1_767_225_600 },
            { labels: { trace_id: 'c'.repeat(32) }, value: '3', timestamp: null },
          ],
        },
      ],
    });
    expect(exemplars.map((exemplar) => [exemplar.labels.trace_id[0], exemplar.value])).toEqual([['a', 12.5]]);
  });
});
