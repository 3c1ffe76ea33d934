import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { TextLink, useStyles2 } from '@grafana/ui';
import { orderPageUrl } from '../../constants';
import { formatClock, formatHumanDuration, formatSla } from '../../engine';
import { testIds } from '../../utils/testIds';
import { StayExemplar } from './stayExemplars';

export interface ExemplarTracesProps {
  stays: StayExemplar[];
  /** Explore's URL for a stay's trace; undefined for users who may not open raw traces. */
  exploreUrlFor?: (stay: StayExemplar) => string | undefined;
  /** When the list was read, for the "observed" column (epoch ms). */
  nowMs: number;
}

/**
 * The stays behind the time-in-status heatmaps, as Prometheus' exemplars name them: per status the
 * longest ones, each with its order and the trace of the step that ended it. The same exemplars
 * are the dots on the heatmaps; this list is for reading them, and for Grafana setups without
 * exemplar links.
 */
export function ExemplarTraces({ stays, exploreUrlFor, nowMs }: ExemplarTracesProps) {
  const styles = useStyles2(getStyles);
  if (stays.length === 0) {
    return (
      <div className={styles.empty} data-testid={testIds.overview.exemplars}>
        Prometheus holds no exemplars for this range: no stay ended in it, or its exemplar storage is off (
        <code>--enable-feature=exemplar-storage</code>).
      </div>
    );
  }
  return (
    <table className={styles.table} data-testid={testIds.overview.exemplars}>
      <thead>
        <tr>
          <th>Status left</th>
          <th>Stay</th>
          <th>Order</th>
          <th>Trace that ended the stay</th>
          <th>Observed (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {stays.map((stay) => {
          const overSla = stay.slaSeconds !== null && stay.stayedSeconds > stay.slaSeconds;
          const exploreUrl = exploreUrlFor?.(stay);
          return (
            <tr key={`${stay.status} ${stay.traceId}`}>
              <td className={styles.mono}>{stay.status}</td>
              <td className={overSla ? styles.overSla : undefined}>
                {formatHumanDuration(stay.stayedSeconds * 1_000_000)}
                {stay.slaSeconds !== null ? ` / SLA ${formatSla(stay.slaSeconds)}` : ''}
                {overSla ? ' — over SLA' : ''}
              </td>
              <td>
                {stay.orderId ? (
                  <TextLink href={orderPageUrl(stay.orderId)} inline>
                    {stay.orderId}
                  </TextLink>
                ) : (
                  '—'
                )}
              </td>
              <td className={styles.mono}>
                {exploreUrl ? (
                  <TextLink href={exploreUrl} inline>
                    {stay.traceId}
                  </TextLink>
                ) : (
                  stay.traceId
                )}
              </td>
              <td>{formatClock(stay.observedAtMs * 1000, nowMs * 1000)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      textAlign: 'left',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  overSla: css({ color: theme.colors.error.text }),
  empty: css({ color: theme.colors.text.secondary }),
});
