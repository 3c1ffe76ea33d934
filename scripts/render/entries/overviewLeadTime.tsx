// Renders the overview's lead-time breakdown from a recorded seeded run (trace samples), for screenshots.
import React from 'react';
import { Alert } from '@grafana/ui';
import { LeadTimeBreakdown } from '../../../src/pages/Overview/LeadTimeBreakdown';
import { LeadTimeStage } from '../../../src/orders/leadTime';
import recorded from '../../../tests/fixtures/recorded/seeded-run.json';
import { contentWidth, renderScreenshot, ScreenshotFrame } from './screenshotPage';

function Page() {
  return (
    <ScreenshotFrame width={contentWidth(1100)} column>
      <Alert severity="info" title="Trace-only mode">
        No Prometheus datasource is configured. Counts and time in status are computed from the {recorded.indexedOrders}{' '}
        orders found in the traces of this time range, not from metrics.
      </Alert>
      <div style={{ fontSize: 16 }}>Lead-time breakdown</div>
      <LeadTimeBreakdown
        stages={recorded.leadTime as LeadTimeStage[]}
        source={`traces, ${recorded.indexedOrders} orders in this range`}
      />
    </ScreenshotFrame>
  );
}

renderScreenshot(<Page />);
