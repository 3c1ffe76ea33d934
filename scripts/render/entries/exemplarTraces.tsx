// Renders the overview's "stays behind the heatmaps" list from exemplars a seeded run's Prometheus
// returned (tests/integration/exemplars.test.ts records them with ORDERTRACKER_RECORD=1).
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ExemplarTraces } from '../../../src/components/ExemplarTraces/ExemplarTraces';
import { StayExemplar } from '../../../src/components/ExemplarTraces/stayExemplars';
import recorded from '../../../tests/fixtures/recorded/exemplars.json';
import { contentWidth, renderScreenshot, ScreenshotFrame } from './screenshotPage';

function Page() {
  return (
    <MemoryRouter>
      <ScreenshotFrame width={contentWidth(1200)} column>
        <div style={{ fontSize: 16 }}>Stays behind the heatmaps: the longest per status, with their traces</div>
        <ExemplarTraces
          stays={recorded.stays as StayExemplar[]}
          exploreUrlFor={(stay) => `/explore?trace=${stay.traceId}`}
          nowMs={recorded.readAtMs}
        />
      </ScreenshotFrame>
    </MemoryRouter>
  );
}

renderScreenshot(<Page />);
