// Renders the swimlane of a recorded order (real Jaeger responses, see tests/fixtures) for screenshots.
import React from 'react';
import { Swimlane } from '../../../src/components/Swimlane/Swimlane';
import { compileConfig, reconstructOrder } from '../../../src/engine';
import { DEFAULT_SETTINGS } from '../../../src/settings/defaults';
import deadLetter from '../../../tests/fixtures/jaeger/ALX-2025-000829.json';
import closed from '../../../tests/fixtures/jaeger/ALX-2025-000816.json';
import apiError from '../../../tests/fixtures/jaeger/ALX-2025-000870.json';
import { contentWidth, query, renderScreenshot, ScreenshotFrame } from './screenshotPage';

const RECORDINGS: Record<string, { orderId: string; nowMs: number; requests: Array<{ response: unknown }> }> = {
  'dead-letter': deadLetter,
  closed,
  'api-error': apiError,
};

const recording = RECORDINGS[query.get('order') ?? 'dead-letter'] ?? deadLetter;
const width = contentWidth(1440);
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
    ? {
        startUs: firstSeenUs + Number(query.get('from') ?? 0) * 3_600_000_000 - 600_000_000,
        endUs: firstSeenUs + (Number(query.get('from') ?? 0) + hours) * 3_600_000_000,
      }
    : undefined;

function Page() {
  return (
    <ScreenshotFrame width={width}>
      <div style={{ fontSize: 16, marginBottom: 4 }}>
        Order {timeline.orderId} — {timeline.verdict.headline}
      </div>
      <Swimlane
        data={timeline}
        spans={timeline.spans}
        onOpenSpan={() => undefined}
        width={width}
        timeZone="utc"
        initialWindow={initialWindow}
      />
    </ScreenshotFrame>
  );
}

renderScreenshot(<Page />);
