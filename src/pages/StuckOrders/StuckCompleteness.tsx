import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import { formatClock, formatHumanDuration, formatSla } from '../../engine';
import type { StatusCompleteness, StuckMetrics, StuckOrdersResult } from '../../orders/loadStuckOrders';
import { testIds } from '../../utils/testIds';

const TRACE_ONLY_REASON: Record<'not_configured' | 'absent' | 'error', string> = {
  not_configured: 'No Prometheus datasource is configured',
  absent: 'Prometheus has no order metrics (orders_in_status, order_status_age_seconds)',
  error: 'Prometheus did not answer',
};

/** "12" when exact, "12–15" when the age distribution only brackets it. */
export function formatCount(count: { min: number; max: number }): string {
  return count.min === count.max ? String(count.min) : `${count.min}–${count.max}`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** In words, per status: listed N of the M Prometheus counts past the SLA, and why not all. */
export function listedOf(status: StatusCompleteness): string {
  const unconfirmed = status.unconfirmed > 0 ? `, ${status.unconfirmed} unconfirmed` : '';
  if (!status.pastSla) {
    return `listed ${status.listed}${unconfirmed} (how many are past the SLA is unknown)`;
  }
  const missing = status.notListed && status.notListed.max > 0 ? `; ${formatCount(status.notListed)} not listed` : '';
  return `listed ${status.listed} of ${formatCount(status.pastSla)} past SLA${unconfirmed}${missing}`;
}

function traceOnlyReason(metrics: StuckMetrics): string | undefined {
  if (metrics.state === 'ok') {
    return metrics.ages.size === 0 ? 'Prometheus has no age distribution (order_status_age_seconds)' : undefined;
  }
  return `${TRACE_ONLY_REASON[metrics.state]}${metrics.state === 'error' ? ` (${metrics.message})` : ''}`;
}

/** How complete the list is: per status against Prometheus, and what this load cost. */
export function StuckCompleteness({ result }: { result: StuckOrdersResult }) {
  const styles = useStyles2(getStyles);
  const { budget } = result;
  const reason = traceOnlyReason(result.metrics);
  const shown = result.statuses.filter(
    (status) => status.listed + status.unconfirmed > 0 || (status.pastSla?.max ?? 1) > 0 || status.notes.length > 0
  );
  return (
    <div className={styles.wrapper} data-testid={testIds.stuck.completeness}>
      {reason && (
        <div data-testid={testIds.stuck.traceOnly}>
          <Alert severity="info" title="Trace-only mode">
            {reason}: how many orders are past their SLA is unknown. The list below is what the traces show, most
            overdue first, within this page&apos;s budget.
          </Alert>
        </div>
      )}
      <table className={styles.table} aria-label="Stuck orders listed per status">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">SLA</th>
            <th scope="col">Past SLA (Prometheus)</th>
            <th scope="col">Listed</th>
            <th scope="col">Not listed</th>
            <th scope="col">Searched since</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((status) => {
            const missing = (status.notListed?.max ?? 0) > 0 || status.unchecked > 0 || status.unconfirmed > 0;
            return (
              <tr
                key={status.status}
                className={cx(missing && styles.incomplete)}
                aria-label={`${status.status}: ${listedOf(status)}`}
              >
                <td className={styles.mono}>{status.status}</td>
                <td>{formatSla(status.slaSeconds)}</td>
                <td>{status.pastSla ? formatCount(status.pastSla) : 'unknown'}</td>
                <td>
                  {status.listed}
                  {status.unconfirmed > 0 ? ` (+${status.unconfirmed} unconfirmed)` : ''}
                </td>
                <td className={cx(missing && styles.bad)}>
                  {status.notListed
                    ? formatCount(status.notListed)
                    : status.unchecked > 0
                      ? `≥ ${status.unchecked}`
                      : 'unknown'}
                </td>
                <td>{status.searchedFromUs !== undefined ? formatClock(status.searchedFromUs, result.nowUs) : '—'}</td>
                <td className={styles.notes}>{status.notes.join(' ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className={styles.budget} data-testid={testIds.stuck.budget}>
        This load: {budget.use.requests} of {budget.limits.maxRequests} requests, {mebibytes(budget.use.bytes)} of{' '}
        {mebibytes(budget.limits.maxBytes)}.
        {budget.stoppedEarly
          ? ` The budget ran out: ${
              budget.completeAboveOverdueUs !== undefined
                ? `every order more than ${formatHumanDuration(budget.completeAboveOverdueUs)} overdue is listed`
                : 'the most overdue orders are listed'
            }, and what is left out is counted per status above.`
          : ''}
      </div>
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
      verticalAlign: 'top',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  bad: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  incomplete: css({ background: theme.colors.warning.transparent }),
  notes: css({ maxWidth: 560, color: theme.colors.text.secondary }),
  budget: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
