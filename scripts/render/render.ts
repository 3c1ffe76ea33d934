/**
 * Screenshots of components rendered with recorded data, in light and dark:
 *   npx tsx scripts/render/render.ts <entry.tsx> <out-prefix> [key=value …]
 * writes <out-prefix>-light.png and <out-prefix>-dark.png (the element marked `data-screenshot`).
 */
import { startHarness } from './harness';

async function main() {
  const [entry, prefix, ...pairs] = process.argv.slice(2);
  if (!entry || !prefix) {
    throw new Error('usage: render.ts <entry.tsx> <out-prefix> [key=value …]');
  }
  const query = Object.fromEntries(pairs.map((pair) => pair.split('=', 2) as [string, string]));
  const harness = await startHarness(entry);
  try {
    for (const theme of ['light', 'dark']) {
      const page = await harness.open({ ...query, theme }, { width: Number(query.width ?? 1440), height: 900 });
      const target = (await page.$('[data-screenshot]')) ?? (await page.$('#root'));
      await target?.screenshot({ path: `${prefix}-${theme}.png` });
      console.log(`${prefix}-${theme}.png`);
      await page.close();
    }
  } finally {
    await harness.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
