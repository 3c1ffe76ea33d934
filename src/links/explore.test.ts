import { exploreTracePane, exploreTraceUrl } from './explore';

const target = {
  datasourceUid: 'jaeger-uid',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  fromMs: 1_767_000_000_000,
  toMs: 1_767_000_005_000,
};

function panesOf(url: string): Record<string, unknown> {
  const query = new URL(url, 'http://grafana.invalid').searchParams;
  expect(query.get('schemaVersion')).toBe('1');
  return JSON.parse(query.get('panes') ?? '{}');
}

describe('exploreTraceUrl', () => {
  it('opens the trace in one Explore pane, focused on the span, with the range around it', () => {
    const url = exploreTraceUrl(target, '');
    expect(url.startsWith('/explore?')).toBe(true);
    const panes = panesOf(url);
    expect(Object.values(panes)).toEqual([
      {
        datasource: 'jaeger-uid',
        queries: [{ refId: 'A', datasource: { type: 'jaeger', uid: 'jaeger-uid' }, query: target.traceId }],
        range: { from: String(target.fromMs - 60_000), to: String(target.toMs + 60_000) },
        panelsState: { trace: { spanId: target.spanId } },
      },
    ]);
  });

  it('keeps Grafana served under a sub path', () => {
    expect(exploreTraceUrl(target, '/grafana').startsWith('/grafana/explore?')).toBe(true);
  });

  it('leaves the span focus out when no span is given', () => {
    expect(exploreTracePane({ ...target, spanId: undefined }).panelsState).toBeUndefined();
  });

  it('orders a reversed range and rounds to whole milliseconds', () => {
    const pane = exploreTracePane({ ...target, fromMs: 2000.7, toMs: 1000.2 });
    expect(pane.range).toEqual({ from: String(1000 - 60_000), to: String(2001 + 60_000) });
  });

  it('encodes ids so that nothing in them can break the URL', () => {
    const url = exploreTraceUrl({ ...target, traceId: 'a&b=c#d' }, '');
    expect(url).not.toContain('#');
    const pane = Object.values(panesOf(url))[0] as { queries: Array<{ query: string }> };
    expect(pane.queries[0].query).toBe('a&b=c#d');
  });
});
