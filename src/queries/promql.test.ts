import { DEFAULT_LIFECYCLE } from '../settings/defaults';
import { withFixedWindows } from './catalogue';
import {
  anyOfRegex,
  overdueBySla,
  shareOfOpenOrdersIn,
  timeInStatusHeatmap,
  meanTimeInStatus,
  statusEntriesRate,
} from './promql';

describe('PromQL builders', () => {
  it('escapes status names instead of pasting them', () => {
    expect(timeInStatusHeatmap('A"} or vector(1) #\\')).toBe(
      'sum by (le) (rate(order_status_duration_seconds_bucket{status="A\\"} or vector(1) #\\\\"}[$__rate_interval]))'
    );
    expect(anyOfRegex(['CLOSED', 'A.B|C'])).toBe('CLOSED|A\\.B\\|C');
  });

  it('refuses a window that is not a PromQL range', () => {
    expect(() => statusEntriesRate('5m] or vector(1)')).toThrow('not a PromQL range');
    expect(meanTimeInStatus('3600s')).toContain('[3600s]');
    expect(meanTimeInStatus(null)).toBe(
      'sum by (status) (order_status_duration_seconds_sum) / sum by (status) (order_status_duration_seconds_count)'
    );
  });

  it('compares each status with its own SLA and leaves out statuses without one', () => {
    const expr = overdueBySla(DEFAULT_LIFECYCLE);
    expect(expr).toContain('{status="SUBMITTED"} > 0) - 600 > 0)');
    expect(expr).toContain('{status="SHIPPED"} > 0) - 604800 > 0)');
    expect(expr).not.toContain('INITIATED');
    expect(expr).not.toContain('CLOSED');
    expect(overdueBySla([])).toBe('vector(0) < 0');
  });

  it('divides by the open (non-terminal) orders', () => {
    expect(shareOfOpenOrdersIn('SUBMITTED', DEFAULT_LIFECYCLE)).toBe(
      'sum(orders_in_status{status="SUBMITTED"}) / sum(orders_in_status{status!~"CLOSED|CANCELLED"})'
    );
  });

  it('fixes Grafana range variables for direct API calls', () => {
    expect(withFixedWindows(meanTimeInStatus(), '1m', '2h')).toContain('[2h]');
    expect(withFixedWindows(statusEntriesRate(), '30s')).toContain('[30s]');
  });
});
