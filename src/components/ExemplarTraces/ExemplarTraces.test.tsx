import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { readExemplars } from '../../datasource/prometheusExemplars';
import { DEFAULT_SETTINGS } from '../../settings/defaults';
import { resolveAppRoute } from '../../test/appRoutes';
import { testIds } from '../../utils/testIds';
import { ExemplarTraces } from './ExemplarTraces';
import { stayExemplarsFrom } from './stayExemplars';

/** `/api/v1/query_exemplars` as Prometheus 2.42 answered it for the seeded simulator (trimmed). */
const answer = {
  status: 'success',
  data: [
    {
      seriesLabels: {
        __name__: 'order_status_duration_seconds_bucket',
        job: 'simulator',
        le: '900',
        status: 'SUBMITTED',
      },
      exemplars: [
        {
          labels: { trace_id: 'd87a7f0b75b49a7c69a06cca6d1d5fba', order_id: 'ALX-2026-001175' },
          value: '540.5',
          timestamp: 1796234301.468,
        },
      ],
    },
    {
      seriesLabels: {
        __name__: 'order_status_duration_seconds_bucket',
        job: 'simulator',
        le: '3600',
        status: 'SUBMITTED',
      },
      exemplars: [
        {
          labels: { trace_id: '36cca3c49a2f2aae9a1cb7f91073285f', order_id: 'ALX-2026-001218' },
          value: '2400',
          timestamp: 1796234296.305,
        },
      ],
    },
    {
      seriesLabels: {
        __name__: 'order_status_duration_seconds_bucket',
        job: 'simulator',
        le: '60',
        status: 'INITIATED',
      },
      exemplars: [
        {
          labels: { trace_id: '67c43fd668583cb87bd49c5fe50275da', order_id: 'ALX-2026-001241' },
          value: '42',
          timestamp: 1796234290,
        },
      ],
    },
    // An exemplar without a trace id names nothing to open.
    { seriesLabels: { status: 'SHIPPED', le: '+Inf' }, exemplars: [{ labels: {}, value: '1', timestamp: 1796234290 }] },
  ],
};

describe('stays behind the heatmaps', () => {
  it('reads Prometheus exemplars and lists stays in lifecycle order, the longest first', () => {
    const exemplars = readExemplars(answer);
    expect(exemplars).toHaveLength(4);
    expect(exemplars[0]).toEqual({
      seriesLabels: answer.data[0].seriesLabels,
      labels: answer.data[0].exemplars[0].labels,
      value: 540.5,
      timestampMs: 1796234301468,
    });
    const stays = stayExemplarsFrom(exemplars, DEFAULT_SETTINGS.lifecycle);
    expect(stays.map((stay) => [stay.status, stay.orderId, stay.stayedSeconds, stay.slaSeconds])).toEqual([
      ['INITIATED', 'ALX-2026-001241', 42, null],
      ['SUBMITTED', 'ALX-2026-001218', 2400, 600],
      ['SUBMITTED', 'ALX-2026-001175', 540.5, 600],
    ]);
  });

  it('refuses an answer that is not one', () => {
    expect(() => readExemplars({ status: 'error', error: 'exemplar storage is disabled' })).toThrow(
      'exemplar storage is disabled'
    );
  });

  it('links each stay to its order page, and its trace only where the user may open it', () => {
    const stays = stayExemplarsFrom(readExemplars(answer), DEFAULT_SETTINGS.lifecycle);
    render(
      <MemoryRouter>
        <ExemplarTraces
          stays={stays}
          exploreUrlFor={(stay) => (stay.status === 'SUBMITTED' ? `/explore?trace=${stay.traceId}` : undefined)}
          nowMs={1796234303108}
        />
      </MemoryRouter>
    );
    const table = screen.getByTestId(testIds.overview.exemplars);
    const order = within(table).getByRole('link', { name: 'ALX-2026-001218' });
    expect(resolveAppRoute(order.getAttribute('href') ?? '')?.orderId).toBe('ALX-2026-001218');
    expect(within(table).getByText(/40 min \/ SLA 10 min — over SLA/)).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: '36cca3c49a2f2aae9a1cb7f91073285f' })).toHaveAttribute(
      'href',
      '/explore?trace=36cca3c49a2f2aae9a1cb7f91073285f'
    );
    // Not allowed to open this one: its id as text only.
    expect(within(table).queryByRole('link', { name: '67c43fd668583cb87bd49c5fe50275da' })).toBeNull();
    expect(within(table).getByText('67c43fd668583cb87bd49c5fe50275da')).toBeInTheDocument();
  });

  it('says why there is nothing to show', () => {
    render(<ExemplarTraces stays={[]} nowMs={0} />);
    expect(screen.getByTestId(testIds.overview.exemplars)).toHaveTextContent('exemplar storage is off');
  });
});
