// Renders the swimlane of a recorded order (real Jaeger responses, see tests/fixtures) for screenshots.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, ThemeContext } from '@grafana/data';
import { Swimlane } from '../../../src/components/Swimlane/Swimlane';
import { compileConfig, reconstructOrder } from '../../../src/engine';
import { DEFAULT_SETTINGS } from '../../../src/settings/defaults';
import deadLetter from '../../../tests/fixtures/jaeger/ALX-2025-000829.json';
import closed from '../../../tests/fixtures/jaeger/ALX-2025-000816.json';
import apiError from '../../../tests/fixtures/jaeger/ALX-2025-000870.json';

const RECORDINGS: Record<string, { orderId: string; nowMs: number; requests: Array<{ response: unknown }> }> = {
  'dead-letter': deadLetter,
  closed,
  'api-error': apiError,
};

const query = new URLSearchParams(window.location.search);
const theme = createTheme({ colors: { mode: query.get('theme') === 'dark' ? 'dark' : 'light' } });
const recording = RECORDINGS[query.get('order') ?? 'dead-letter'] ?? deadLetter;
const width = Number(query.get('width') ?? 1440) - 48;
const timeline = reconstructOrder(
  recording.orderId,
  recording.requests.map((request) => request.response),
  compileConfig(DEFAULT_SETTINGS),
  { nowUs: recording.nowMs * 1000 }
);

// Optional first window, in hours from the order's first span: `from=0&hours=18`.
const hours = Number(query.get('hours'));
const firstSeenUs = timeline.firstSeenUs ?? timeline.nowUs;
const initialWindow =
  hours > 0
    ? { startUs: firstSeenUs + Number(query.get('from') ?? 0) * 3_600_000_000 - 600_000_000, endUs: firstSeenUs + (Number(query.get('from') ?? 0) + hours) * 3_600_000_000 }
    : undefined;

function Page() {
  return (
    <ThemeContext.Provider value={theme}>
      <div data-screenshot style={{ padding: 24, width, background: theme.colors.background.primary, color: theme.colors.text.primary }}>
        <div style={{ fontSize: 16, marginBottom: 4 }}>
          Order {timeline.orderId} — {timeline.verdict.headline}
        </div>
        <Swimlane data={timeline} spans={timeline.spans} onOpenSpan={() => undefined} width={width} timeZone="utc" initialWindow={initialWindow} />
      </div>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<Page />);
// Two frames: React commits, the canvas paints.
requestAnimationFrame(() => requestAnimationFrame(() => ((window as unknown as { renderDone: boolean }).renderDone = true)));
