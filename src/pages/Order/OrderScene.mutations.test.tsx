import { screen, waitFor } from '@testing-library/react';
import { testIds } from '../../utils/testIds';
import { mutate } from '../../../tests/fixtures/mutate';
import { random } from '../../../tests/fixtures/otlpAnswer';
import { loadRecorded, RECORDED, RecordedLookup } from '../../../tests/fixtures/recorded';
import { boundary, installOrderPageBoundary, jaegerDatasource, renderOrder, replay } from '../../test/orderPageHarness';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: (action: string) => boundary.granted.has(action),
  getDataSourceSrv: () => ({
    get: async () => jaegerDatasource,
    getInstanceSettings: () => ({ uid: 'jaeger-uid', type: 'jaeger', name: 'Jaeger', meta: { id: 'jaeger' } }),
  }),
  config: { ...jest.requireActual('@grafana/runtime').config, appSubUrl: '' },
}));

installOrderPageBoundary();

const MUTANTS = 12;

/** The recorded lookup with one answer mutated (one to three values replaced or removed). */
function mutant(recorded: RecordedLookup, seed: number): { lookup: RecordedLookup; changes: string[] } {
  const next = random(seed);
  const target = Math.floor(next() * recorded.requests.length);
  const { payload, changes } = mutate(recorded.requests[target].response, next);
  return {
    lookup: {
      ...recorded,
      requests: recorded.requests.map((request, at) => (at === target ? { ...request, response: payload } : request)),
    },
    changes,
  };
}

/**
 * The order page with a recorded answer of a real Jaeger in which one to three values are hostile:
 * it always ends showing the order, "not found" or a named failure, never a crash or an endless
 * "Searching…". The same mutants reach the engine in src/engine/mutations.test.ts.
 */
describe.each([RECORDED.deadLetter, RECORDED.closed])('order page over mutated answers of %s', (orderId) => {
  const recorded = loadRecorded(orderId);
  it.each(Array.from({ length: MUTANTS }, (_, index) => index))('mutant %i', async (index) => {
    const { lookup, changes } = mutant(recorded, 7_000 + index);
    jest.spyOn(Date, 'now').mockReturnValue(recorded.nowMs);
    boundary.answer = replay(lookup);
    renderOrder(orderId);
    await waitFor(
      () => {
        const header = screen.queryByTestId(testIds.orderPage.header);
        const state = screen.queryByTestId(testIds.orderPage.state)?.getAttribute('data-state');
        expect({ changes, ended: header !== null || (state !== undefined && state !== 'loading') }).toEqual({
          changes,
          ended: true,
        });
      },
      { timeout: 5_000 }
    );
    // A found order shows its verdict; anything else says what happened.
    const shown = screen.queryByTestId(testIds.orderPage.header)
      ? screen.getByTestId(testIds.orderPage.verdict).textContent
      : screen.getByTestId(testIds.orderPage.state).textContent;
    expect(shown?.trim()).not.toBe('');
    expect(shown).not.toMatch(/\bNaN\b|\bundefined\b|\[object Object\]/);
  });
});
