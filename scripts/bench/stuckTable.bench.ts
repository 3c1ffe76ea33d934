/**
 * The stuck-orders table (Grafana's InteractiveTable, 50 rows a page) in headless Chromium:
 *   npm run bench:stuck-table
 * mount = render + first frame with N rows; sort = a header click until the re-sorted first page is
 * on screen; page = the next page; expand = opening one row's cause and evidence.
 */
import type { TableFigures } from '../render/entries/stuckTableBench';
import { startHarness } from '../render/harness';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const max = (values: number[]) => Math.max(...values);
const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;
const cell = (values: number[]) => `${ms(median(values))} (${ms(max(values))})`;

async function main() {
  const harness = await startHarness('scripts/render/entries/stuckTableBench.tsx');
  try {
    const page = await harness.open({ runs: process.env.RUNS ?? '7', sizes: process.env.SIZES ?? '500,5000' });
    const results = (await page.evaluate(() => (window as unknown as { renderResult: unknown }).renderResult)) as
      TableFigures[] | { error: string };
    if (!Array.isArray(results)) {
      throw new Error(results.error);
    }
    console.log(
      `Stuck-orders table in Chromium (${await harness.browser.version()}), median (max) of ${results[0].mountMs.length} runs`
    );
    console.log('| rows | mount | sort by order id | next page | expand a row |');
    console.log('|---|---|---|---|---|');
    for (const r of results) {
      console.log(`| ${r.rows} | ${cell(r.mountMs)} | ${cell(r.sortMs)} | ${cell(r.pageMs)} | ${cell(r.expandMs)} |`);
    }
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
