import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { AxisTicks, tickFormat, XScale } from './layout';

export const AXIS_HEIGHT = 22;

interface TimeAxisProps {
  ticks: AxisTicks;
  scale: XScale;
  timeZone?: TimeZone;
}

/** Tick labels under the lanes; hidden from screen readers, which get times from the bars instead. */
export function TimeAxis({ ticks, scale, timeZone }: TimeAxisProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.axis} style={{ height: AXIS_HEIGHT }} aria-hidden>
      {ticks.ticksUs.map((t) => (
        <span key={t} className={styles.tick} style={{ left: scale(t) }}>
          {dateTimeFormat(t / 1000, { format: tickFormat(ticks.stepUs), timeZone })}
        </span>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  axis: css({ position: 'relative', overflow: 'hidden' }),
  tick: css({
    position: 'absolute',
    top: 0,
    transform: 'translateX(-50%)',
    whiteSpace: 'nowrap',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
