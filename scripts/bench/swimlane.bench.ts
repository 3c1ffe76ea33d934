/**
 * Swimlane render times in headless Chromium for orders of 200, 2 000 and 20 000 spans:
 *   npm run bench:swimlane
 * mount = React render + commit + canvas paint; frame = until the next frame is on screen;
 * zoom = one zoom step on the mounted swimlane; hover = pointer move with hit test and tooltip.
 */
import type { Figures } from '../render/entries/swimlaneBench';
import { startHarness } from '../render/harness';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const max = (values: number[]) => Math.max(...values);
const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;

async function main() {
  const harness = await startHarness('scripts/render/entries/swimlaneBench.tsx');
  try {
    const page = await harness.open({ runs: process.env.RUNS ?? '7' });
    const results = (await page.evaluate(() => (window as unknown as { renderResult: unknown }).renderResult)) as Figures[] | { error: string };
    if (!Array.isArray(results)) {
      throw new Error(results.error);
    }
    console.log(`Swimlane in Chromium (${await harness.browser.version()}), width 1400 px, median (max) of ${results[0].mountMs.length} runs`);
    console.log('spans   | mount+paint        | next frame         | zoom step          | hover             | rects painted');
    for (const r of results) {
      console.log(
        `${String(r.spans).padStart(7)} | ${ms(median(r.mountMs))} (${ms(max(r.mountMs))}) | ${ms(median(r.frameMs))} (${ms(max(r.frameMs))}) | ${ms(
          median(r.zoomMs)
        )} (${ms(max(r.zoomMs))}) | ${ms(median(r.hoverMs))} (${ms(max(r.hoverMs))}) | ${r.painted}`
      );
    }
    const target = results.find((r) => r.spans === 2000);
    if (target && median(target.mountMs) > 50) {
      console.log('2 000 spans took longer than the 50 ms target.');
      process.exitCode = 1;
    }
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
