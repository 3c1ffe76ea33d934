// Renders the overview's lead-time breakdown from a recorded seeded run (trace samples), for screenshots.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, ThemeContext } from '@grafana/data';
import { Alert } from '@grafana/ui';
import { LeadTimeBreakdown } from '../../../src/pages/Overview/LeadTimeBreakdown';
import { LeadTimeStage } from '../../../src/pages/Overview/leadTime';
import recorded from '../../../src/pages/StuckOrders/testing/recorded-seeded-run.json';

const query = new URLSearchParams(window.location.search);
const theme = createTheme({ colors: { mode: query.get('theme') === 'dark' ? 'dark' : 'light' } });
const width = Number(query.get('width') ?? 1100) - 48;

function Page() {
  return (
    <ThemeContext.Provider value={theme}>
      <div
        data-screenshot
        style={{
          padding: 24,
          width,
          display: 'flex',
          flexDirection: 'column',
          gap: 16,
          background: theme.colors.background.primary,
          color: theme.colors.text.primary,
        }}
      >
        <Alert severity="info" title="Trace-only mode">
          No Prometheus datasource is configured. Counts and time in status are computed from the{' '}
          {recorded.indexedOrders} orders found in the traces of this time range, not from metrics.
        </Alert>
        <div style={{ fontSize: 16 }}>Lead-time breakdown</div>
        <LeadTimeBreakdown
          stages={recorded.leadTime as LeadTimeStage[]}
          source={`traces, ${recorded.indexedOrders} orders in this range`}
        />
      </div>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(<Page />);
requestAnimationFrame(() =>
  requestAnimationFrame(() => ((window as unknown as { renderDone: boolean }).renderDone = true))
);
