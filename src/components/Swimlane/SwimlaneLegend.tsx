import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { SwimlanePalette } from './colors';

/** What the colours and marks mean, in the words the verdicts use. */
export function SwimlaneLegend({ palette }: { palette: SwimlanePalette }) {
  const styles = useStyles2(getStyles);
  const swatch = (colour: string, label: string) => (
    <span className={styles.item} key={label}>
      <span className={styles.swatch} style={{ background: colour }} />
      {label}
    </span>
  );
  return (
    <div className={styles.legend} aria-label="Legend">
      {swatch(palette.sla.ok, 'within SLA')}
      {swatch(palette.sla.warning, 'near SLA')}
      {swatch(palette.sla.breached, 'past SLA')}
      {swatch(palette.sla.none, 'no SLA')}
      <span className={styles.divider} />
      {swatch(palette.lane.service, 'service')}
      {swatch(palette.lane.queue, 'queue')}
      {swatch(palette.lane.storage, 'storage')}
      {swatch(palette.error, 'error')}
      <span className={styles.item}>
        <span style={{ color: palette.deadLetter }}>▼</span> dead letter
      </span>
      <span className={styles.item}>
        <span style={{ color: palette.retry }}>↻</span> retry
      </span>
      <span className={styles.item}>
        <span style={{ color: palette.statusChange }}>◆</span> status change
      </span>
      <span className={styles.item}>
        <span className={styles.dash} style={{ borderColor: palette.wait }} /> wait
      </span>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    alignItems: 'center',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  item: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ display: 'inline-block', width: 12, height: 8, borderRadius: 2 }),
  divider: css({ width: 1, height: 12, background: theme.colors.border.medium }),
  dash: css({ display: 'inline-block', width: 16, borderTop: '2px dashed' }),
});
