// Renders the stuck-orders page body (cross-check and table) from a recorded seeded run, for screenshots.
import React, { useState } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { DEFAULT_SORT, StuckSort } from '../../../src/components/StuckOrdersTable/sortStuckOrders';
import { StuckOrdersTable } from '../../../src/components/StuckOrdersTable/StuckOrdersTable';
import { StuckOrder } from '../../../src/engine';
import { StatusCrossCheck } from '../../../src/orders/crossCheck';
import { CrossCheckSummary } from '../../../src/pages/StuckOrders/CrossCheckSummary';
import recorded from '../../../tests/fixtures/recorded/seeded-run.json';
import { DEFAULT_SETTINGS } from '../../../src/settings/defaults';
import { contentWidth, query, renderScreenshot, ScreenshotFrame } from './screenshotPage';

const stuck = recorded.stuck as unknown as StuckOrder[];
const checks = recorded.checks as unknown as StatusCrossCheck[];

function Page() {
  const [status, setStatus] = useState<string | null>(query.get('status'));
  const [sort, setSort] = useState<StuckSort>(DEFAULT_SORT);
  return (
    <MemoryRouter>
      <ScreenshotFrame width={contentWidth(1440)} column>
        <div style={{ fontSize: 20 }}>Stuck orders</div>
        <CrossCheckSummary
          metrics={{ state: 'ok', snapshot: { inStatus: new Map(), oldestEnteredSeconds: new Map() } }}
          checks={checks}
          stuck={stuck}
          indexedOrders={recorded.indexedOrders}
          nowUs={recorded.nowUs}
        />
        <StuckOrdersTable
          orders={stuck}
          statuses={DEFAULT_SETTINGS.lifecycle.map((definition) => definition.name)}
          statusFilter={status}
          onStatusFilterChange={setStatus}
          sort={sort}
          onSortChange={setSort}
          traceUrl={(order) => `/explore?trace=${order.span.traceId}`}
        />
      </ScreenshotFrame>
    </MemoryRouter>
  );
}

renderScreenshot(<Page />);
