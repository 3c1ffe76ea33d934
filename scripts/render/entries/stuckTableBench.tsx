// Measures the stuck-orders table in a real browser: mount with N rows (first page on screen), a
// sort by another column, the next page, and expanding a row. Results go to window.renderResult.
import React, { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { MemoryRouter } from 'react-router-dom';
import { createTheme, ThemeContext } from '@grafana/data';
import { DEFAULT_SORT, StuckSort } from '../../../src/components/StuckOrdersTable/sortStuckOrders';
import { StuckOrdersTable } from '../../../src/components/StuckOrdersTable/StuckOrdersTable';
import { DEFAULT_LIFECYCLE } from '../../../src/settings/defaults';
import type { StuckRow } from '../../../src/orders/loadStuckOrders';

const theme = createTheme({ colors: { mode: 'dark' } });
const params = new URLSearchParams(window.location.search);
const SIZES = (params.get('sizes') ?? '500,5000').split(',').map(Number);
const RUNS = Number(params.get('runs') ?? 7);
const STATUSES = DEFAULT_LIFECYCLE.filter((status) => !status.terminal && status.slaSeconds !== null);

/** One size's samples, read back by scripts/bench/stuckTable.bench.ts. */
export interface TableFigures {
  rows: number;
  mountMs: number[];
  sortMs: number[];
  pageMs: number[];
  expandMs: number[];
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function rows(count: number): StuckRow[] {
  const nowUs = Date.now() * 1000;
  return Array.from({ length: count }, (_, n) => {
    const status = STATUSES[n % STATUSES.length];
    const slaUs = (status.slaSeconds ?? 600) * 1e6;
    const overdueUs = ((n * 7919) % 100_000) * 60e6;
    const enteredAtUs = nowUs - slaUs - overdueUs;
    return {
      orderId: `ALX-2026-${String(100000 + n)}`,
      status: status.name,
      enteredAtUs,
      timeInStatusUs: nowUs - enteredAtUs,
      slaSeconds: status.slaSeconds ?? 600,
      overdueUs,
      lastService: ['shop-api', 'crm-api', 'mes-api'][n % 3],
      lastSeenUs: enteredAtUs + 5e6,
      likelyCause: `The message on orders.submitted was dead-lettered by shop-api at 10:${String(n % 60).padStart(2, '0')}. The order will not move on by itself.`,
      span: { traceId: `${String(n + 1).padStart(32, '0')}`, spanId: `${String(n + 1).padStart(16, '0')}` },
      check: n % 50 === 0 ? 'unconfirmed' : 'confirmed',
      doubts: [],
    };
  });
}

function Table({ orders }: { orders: StuckRow[] }) {
  const [sort, setSort] = useState<StuckSort>(DEFAULT_SORT);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <MemoryRouter>
      <StuckOrdersTable
        orders={orders}
        statuses={DEFAULT_LIFECYCLE.map((definition) => definition.name)}
        statusFilter={status}
        onStatusFilterChange={setStatus}
        sort={sort}
        onSortChange={setSort}
        traceUrl={(order) => `/explore?trace=${order.span.traceId}`}
      />
    </MemoryRouter>
  );
}

function button(host: HTMLElement, name: RegExp): HTMLButtonElement | undefined {
  return [...host.querySelectorAll<HTMLButtonElement>('button')].find((candidate) =>
    name.test(candidate.getAttribute('aria-label') ?? candidate.textContent ?? '')
  );
}

async function measure(count: number): Promise<TableFigures> {
  const orders = rows(count);
  const figures: TableFigures = { rows: count, mountMs: [], sortMs: [], pageMs: [], expandMs: [] };
  for (let run = 0; run < RUNS; run++) {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    let started = performance.now();
    flushSync(() =>
      root.render(
        <ThemeContext.Provider value={theme}>
          <Table orders={orders} />
        </ThemeContext.Provider>
      )
    );
    await nextFrame();
    figures.mountMs.push(performance.now() - started);

    started = performance.now();
    flushSync(() => button(host, /^Order$/)?.click());
    // The click reports the sort; the table then sorts all rows and starts again on page one.
    await nextFrame();
    figures.sortMs.push(performance.now() - started);

    started = performance.now();
    flushSync(() => button(host, /next page/i)?.click());
    await nextFrame();
    figures.pageMs.push(performance.now() - started);

    started = performance.now();
    flushSync(() => button(host, /expand/i)?.click());
    await nextFrame();
    figures.expandMs.push(performance.now() - started);

    root.unmount();
    host.remove();
  }
  return figures;
}

async function main() {
  await measure(500); // warm-up: JIT, fonts, emotion styles
  const results: TableFigures[] = [];
  for (const size of SIZES) {
    results.push(await measure(size));
  }
  Object.assign(window, { renderResult: results, renderDone: true });
}

main().catch((error: unknown) => Object.assign(window, { renderResult: { error: String(error) }, renderDone: true }));
