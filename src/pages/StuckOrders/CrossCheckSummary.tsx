import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import { StuckOrder, formatHumanDuration, formatSla } from '../../engine';
import { testIds } from '../../utils/testIds';
import { StatusCrossCheck } from '../../orders/crossCheck';
import { MetricsAvailability } from '../../orders/loadMetricsSnapshot';

export interface CrossCheckSummaryProps {
  metrics?: MetricsAvailability;
  checks?: StatusCrossCheck[];
  stuck: StuckOrder[];
  indexedOrders: number;
  nowUs: number;
}

const TRACE_ONLY_REASON: Record<'not_configured' | 'absent' | 'error', string> = {
  not_configured: 'No Prometheus datasource is configured',
  absent: 'Prometheus has no order metrics (orders_in_status)',
  error: 'Prometheus did not answer',
};

/** Traces against metrics, per status: what each side says, and every disagreement in words. */
export function CrossCheckSummary({ metrics, checks, stuck, indexedOrders, nowUs }: CrossCheckSummaryProps) {
  const styles = useStyles2(getStyles);
  if (!metrics || metrics.state !== 'ok' || !checks) {
    const reason =
      metrics && metrics.state !== 'ok' ? TRACE_ONLY_REASON[metrics.state] : TRACE_ONLY_REASON.not_configured;
    return (
      <div data-testid={testIds.stuck.traceOnly}>
        <Alert severity="info" title="Trace-only mode">
          {reason}
          {metrics?.state === 'error' ? ` (${metrics.message})` : ''}: {stuck.length} stuck of {indexedOrders} orders,
          found in the traces alone. Nothing cross-checks them against metrics.
        </Alert>
      </div>
    );
  }
  const mismatches = checks.flatMap((check) => check.mismatches);
  return (
    <div className={styles.wrapper} data-testid={testIds.stuck.crossCheck}>
      <table className={styles.table} aria-label="Traces against Prometheus per status">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">SLA</th>
            <th scope="col">Stuck (traces)</th>
            <th scope="col">In status: traces / Prometheus</th>
            <th scope="col">Oldest in status (Prometheus)</th>
            <th scope="col">Agree?</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => (
            <tr key={check.status} className={cx(check.mismatches.length > 0 && styles.mismatchRow)}>
              <td className={styles.mono}>{check.status}</td>
              <td>{formatSla(check.slaSeconds)}</td>
              <td className={cx(check.traceStuck > 0 && styles.bad)}>{check.traceStuck}</td>
              <td>
                {check.traceInStatus} / {check.metricsInStatus ?? '—'}
              </td>
              <td className={cx(check.metricsPastSla && styles.bad)}>
                {check.metricsOldestUs !== undefined ? formatHumanDuration(nowUs - check.metricsOldestUs) : '—'}
                {check.metricsPastSla ? ' · past SLA' : ''}
              </td>
              <td>{check.mismatches.length === 0 ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mismatches.length > 0 && (
        <div data-testid={testIds.stuck.mismatch}>
          <Alert severity="warning" title="Traces and metrics disagree">
            <ul className={styles.list}>
              {mismatches.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </Alert>
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  table: css({
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      padding: theme.spacing(0.5, 1.5, 0.5, 0),
      textAlign: 'left',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  bad: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  mismatchRow: css({ background: theme.colors.warning.transparent }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2) }),
});
