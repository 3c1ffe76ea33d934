// Measures the swimlane in a real browser: mount (React render + canvas paint) and the next frame,
// then a zoom and a hover on the largest order. Results go to window.renderResult.
import React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createTheme, ThemeContext } from '@grafana/data';
import { Swimlane } from '../../../src/components/Swimlane/Swimlane';
import { syntheticOrder } from './syntheticOrder';

const theme = createTheme({ colors: { mode: 'dark' } });
const SIZES = (new URLSearchParams(window.location.search).get('sizes') ?? '200,2000,20000').split(',').map(Number);
const RUNS = Number(new URLSearchParams(window.location.search).get('runs') ?? 7);

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** One size's samples, read back by scripts/bench/swimlane.bench.ts. */
export interface Figures {
  spans: number;
  mountMs: number[];
  frameMs: number[];
  zoomMs: number[];
  hoverMs: number[];
  painted: number;
}

async function measure(spanCount: number): Promise<Figures> {
  const data = syntheticOrder(spanCount);
  const figures: Figures = { spans: spanCount, mountMs: [], frameMs: [], zoomMs: [], hoverMs: [], painted: 0 };
  for (let run = 0; run < RUNS; run++) {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    const started = performance.now();
    flushSync(() =>
      root.render(
        <ThemeContext.Provider value={theme}>
          <Swimlane data={data} width={1400} timeZone="utc" onOpenSpan={() => undefined} onPaint={(stats) => (figures.painted = stats.painted)} />
        </ThemeContext.Provider>
      )
    );
    figures.mountMs.push(performance.now() - started);
    await nextFrame();
    figures.frameMs.push(performance.now() - started);

    const zoomIn = host.querySelector<HTMLButtonElement>('button[aria-label="Zoom in (+)"]');
    const zoomStarted = performance.now();
    flushSync(() => zoomIn?.click());
    figures.zoomMs.push(performance.now() - zoomStarted);

    const area = host.querySelector<HTMLElement>('[role="application"]');
    const rect = area?.getBoundingClientRect();
    const hoverStarted = performance.now();
    flushSync(() =>
      area?.dispatchEvent(
        new PointerEvent('pointermove', { bubbles: true, clientX: (rect?.left ?? 0) + 300, clientY: (rect?.top ?? 0) + 12 })
      )
    );
    figures.hoverMs.push(performance.now() - hoverStarted);
    root.unmount();
    host.remove();
  }
  return figures;
}

async function main() {
  await measure(2000); // warm-up: JIT, fonts, emotion styles
  const results: Figures[] = [];
  for (const size of SIZES) {
    results.push(await measure(size));
  }
  Object.assign(window, { renderResult: results, renderDone: true });
}

main().catch((error: unknown) => Object.assign(window, { renderResult: { error: String(error) }, renderDone: true }));
