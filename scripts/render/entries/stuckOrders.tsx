// Renders the stuck-orders page body (listed per status and the table) from a recorded seeded run, for screenshots.
import React, { useState } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { DEFAULT_SORT, StuckSort } from '../../../src/components/StuckOrdersTable/sortStuckOrders';
import { StuckOrdersTable } from '../../../src/components/StuckOrdersTable/StuckOrdersTable';
import type { StuckOrdersResult, StuckRow } from '../../../src/orders/loadStuckOrders';
import { StuckCompleteness } from '../../../src/pages/StuckOrders/StuckCompleteness';
import recorded from '../../../tests/fixtures/recorded/seeded-run.json';
import { DEFAULT_SETTINGS } from '../../../src/settings/defaults';
import { contentWidth, query, renderScreenshot, ScreenshotFrame } from './screenshotPage';

const stuck = recorded.stuck as unknown as StuckRow[];
const result = {
  stuck,
  statuses: recorded.statuses,
  budget: recorded.budget,
  metrics: { state: 'ok', ages: new Map([['recorded', []]]), oldestEnteredUs: new Map() },
  warnings: [],
  nowUs: recorded.nowUs,
  examined: recorded.indexedOrders,
} as unknown as StuckOrdersResult;

function Page() {
  const [status, setStatus] = useState<string | null>(query.get('status'));
  const [sort, setSort] = useState<StuckSort>(DEFAULT_SORT);
  return (
    <MemoryRouter>
      <ScreenshotFrame width={contentWidth(1440)} column>
        <div style={{ fontSize: 20 }}>Stuck orders</div>
        <StuckCompleteness result={result} />
        <StuckOrdersTable
          orders={stuck}
          statuses={DEFAULT_SETTINGS.lifecycle.map((definition) => definition.name)}
          statusFilter={status}
          onStatusFilterChange={setStatus}
          sort={sort}
          onSortChange={setSort}
          traceUrl={(order) => `/explore?trace=${order.span.traceId}`}
          pageSize={15}
        />
      </ScreenshotFrame>
    </MemoryRouter>
  );
}

renderScreenshot(<Page />);
