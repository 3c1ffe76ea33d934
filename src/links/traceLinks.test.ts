import { ACTIONS } from '../access/access';
import { traceLinksFor } from './traceLinks';

const ref = { traceId: 'aaaabbbbccccdddd0000111122223333', spanId: '0011223344556677' };
const holding = (...actions: string[]) => (action: string) => actions.includes(action);
const context = { datasourceUid: 'jaeger', startUs: 1_700_000_000_000_000, endUs: 1_700_000_001_000_000, appSubUrl: '' };

describe('traceLinksFor', () => {
  it('gives a Viewer (orders only) no link at all', () => {
    expect(traceLinksFor(ref, { ...context, has: holding(ACTIONS.ordersRead) })).toEqual({ drawer: false });
  });

  it('gives traces readers without Explore the drawer only', () => {
    expect(traceLinksFor(ref, { ...context, has: holding(ACTIONS.ordersRead, ACTIONS.tracesRead) })).toEqual({ drawer: true });
  });

  it('gives traces readers with Explore both, focused on the span', () => {
    const links = traceLinksFor(ref, { ...context, has: holding(ACTIONS.ordersRead, ACTIONS.tracesRead, ACTIONS.explore) });
    expect(links.drawer).toBe(true);
    expect(links.exploreUrl).toContain('/explore?');
    expect(decodeURIComponent(links.exploreUrl ?? '')).toContain(`"spanId":"${ref.spanId}"`);
  });

  it('gives nothing while no Jaeger datasource is configured', () => {
    const all = holding(ACTIONS.ordersRead, ACTIONS.tracesRead, ACTIONS.explore);
    expect(traceLinksFor(ref, { ...context, datasourceUid: undefined, has: all })).toEqual({ drawer: false });
  });
});
