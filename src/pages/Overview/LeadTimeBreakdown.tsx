import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { formatHumanDuration, formatSla } from '../../engine';
import { testIds } from '../../utils/testIds';
import { LeadTimeStage } from '../../orders/leadTime';

/**
 * Where the lead time goes: each stage's mean stay as a share of the sum from the first status to
 * the last, the largest stage named first. Bars past the SLA are marked.
 */
export function LeadTimeBreakdown({ stages, source }: { stages: LeadTimeStage[]; source: string }) {
  const styles = useStyles2(getStyles);
  const total = stages.reduce((sum, stage) => sum + stage.meanSeconds, 0);
  const largest = stages.reduce<LeadTimeStage | undefined>(
    (max, stage) => (!max || stage.meanSeconds > max.meanSeconds ? stage : max),
    undefined
  );
  if (total <= 0 || !largest) {
    return (
      <div className={styles.empty} data-testid={testIds.overview.leadTime}>
        No completed stays in this time range yet ({source}).
      </div>
    );
  }
  return (
    <div className={styles.wrapper} data-testid={testIds.overview.leadTime}>
      <div className={styles.headline}>
        {largest.status} contributes most: {Math.round((100 * largest.meanSeconds) / total)} % of a typical order’s{' '}
        {formatHumanDuration(total * 1_000_000)} lead time <span className={styles.source}>({source})</span>
      </div>
      {stages.map((stage) => {
        const share = stage.meanSeconds / total;
        const breached = stage.slaSeconds !== null && stage.meanSeconds > stage.slaSeconds;
        return (
          <div key={stage.status} className={styles.row}>
            <span className={styles.label}>{stage.status}</span>
            <span className={styles.track}>
              <span
                className={breached ? styles.barBreached : styles.bar}
                style={{ width: `${Math.max(0.5, share * 100)}%` }}
              />
            </span>
            <span className={styles.value}>
              {formatHumanDuration(stage.meanSeconds * 1_000_000)}
              {stage.slaSeconds !== null ? ` / SLA ${formatSla(stage.slaSeconds)}` : ''}
            </span>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  headline: css({ fontSize: theme.typography.body.fontSize, marginBottom: theme.spacing(1) }),
  source: css({ color: theme.colors.text.secondary }),
  row: css({ display: 'grid', gridTemplateColumns: '200px 1fr 190px', alignItems: 'center', gap: theme.spacing(1) }),
  label: css({ fontFamily: theme.typography.fontFamilyMonospace, overflow: 'hidden', textOverflow: 'ellipsis' }),
  track: css({ height: 14, background: theme.colors.background.secondary, borderRadius: theme.shape.radius.default }),
  bar: css({
    display: 'block',
    height: '100%',
    background: theme.colors.primary.main,
    borderRadius: theme.shape.radius.default,
  }),
  barBreached: css({
    display: 'block',
    height: '100%',
    background: theme.colors.error.main,
    borderRadius: theme.shape.radius.default,
  }),
  value: css({ color: theme.colors.text.secondary, whiteSpace: 'nowrap' }),
  empty: css({ color: theme.colors.text.secondary }),
});
