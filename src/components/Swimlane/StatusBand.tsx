import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2 } from '@grafana/ui';
import { formatHumanDuration, formatSla, SpanRef, StatusInterval } from '../../engine';
import { SwimlanePalette } from './colors';
import { TimeWindow, XScale } from './layout';
import { testIds } from '../../utils/testIds';

export const STATUS_BAND_HEIGHT = 28;

const VERDICT_WORDS = {
  ok: 'within its SLA',
  warning: 'close to its SLA',
  breached: 'past its SLA',
  none: 'no SLA',
} as const;

/** Plain words for one stay in a status: "SUBMITTED for 2 h 13 min (SLA 10 min, past its SLA)". */
export function describeStatus(status: StatusInterval): string {
  const sla = status.slaSeconds !== null ? `SLA ${formatSla(status.slaSeconds)}, ` : '';
  const current = status.leftAtUs === null && !status.terminal ? ' so far' : '';
  if (status.terminal) {
    return `${status.status} (final status)`;
  }
  return `${status.status} for ${formatHumanDuration(status.durationUs)}${current} (${sla}${VERDICT_WORDS[status.verdict]})`;
}

interface StatusBandProps {
  statuses: StatusInterval[];
  scale: XScale;
  width: number;
  domain: TimeWindow;
  nowUs: number;
  palette: SwimlanePalette;
  onOpenSpan?: (ref: SpanRef) => void;
}

/** One segment per stay in a status, coloured by its SLA verdict. */
export function StatusBand({ statuses, scale, width, domain, nowUs, palette, onOpenSpan }: StatusBandProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.band} style={{ width }} role="list" aria-label="Order status over time">
      {statuses.map((status, index) => {
        const endUs = status.leftAtUs ?? (status.terminal ? domain.endUs : nowUs);
        const x0 = Math.max(scale(status.enteredAtUs), 0);
        const x1 = Math.min(scale(endUs), width);
        if (x1 < 0 || x0 > width) {
          return null;
        }
        const segmentWidth = Math.max(x1 - x0, 3);
        const label = describeStatus(status);
        const style = {
          left: x0,
          width: segmentWidth,
          background: palette.sla[status.verdict],
          color: palette.slaText[status.verdict],
        };
        const text = segmentWidth > 56 ? <span className={styles.text}>{status.status}</span> : null;
        const key = `${status.status}-${status.enteredAtUs}-${index}`;
        return (
          <div role="listitem" key={key} className={styles.item} style={{ left: style.left, width: style.width }}>
            <Tooltip content={label} placement="top">
              {onOpenSpan ? (
                <button
                  type="button"
                  className={cx(styles.segment, styles.button)}
                  style={{ background: style.background, color: style.color }}
                  aria-label={`${label}. Open the trace that set it.`}
                  data-testid={testIds.swimlane.statusSegment}
                  onClick={() => onOpenSpan(status.span)}
                >
                  {text}
                </button>
              ) : (
                <div
                  tabIndex={0}
                  className={styles.segment}
                  style={{ background: style.background, color: style.color }}
                  aria-label={label}
                  data-testid={testIds.swimlane.statusSegment}
                >
                  {text}
                </div>
              )}
            </Tooltip>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  band: css({ position: 'relative', height: STATUS_BAND_HEIGHT }),
  item: css({ position: 'absolute', top: 2, bottom: 2 }),
  segment: css({
    display: 'block',
    width: '100%',
    height: '100%',
    borderRadius: theme.shape.radius.default,
    borderRight: `1px solid ${theme.colors.background.primary}`,
    overflow: 'hidden',
    padding: theme.spacing(0, 0.5),
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: `${STATUS_BAND_HEIGHT - 4}px`,
    textAlign: 'left',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.border}`, outlineOffset: 1 },
  }),
  button: css({ border: 'none', cursor: 'pointer' }),
  text: css({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', display: 'block' }),
});
