import React, { RefObject } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { formatHumanDuration, OrderSpan } from '../../engine';
import { testIds } from '../../utils/testIds';
import { barAt, barBox, spanByRef, tooltipBox } from './bars';
import { LaneGeometry, PreparedLane, XScale } from './layout';
import { MARK_WORDS, SpanTooltip } from './SpanTooltip';
import { BarFocus } from './useBarFocus';

interface BarOverlaysProps {
  lanes: PreparedLane[];
  geometry: LaneGeometry;
  scale: XScale;
  width: number;
  focus: BarFocus;
  /** Given to the active bar's button, which the keyboard focuses. */
  activeRef: RefObject<HTMLButtonElement>;
  spans?: OrderSpan[];
  timeZone?: TimeZone;
  /** Whether the user may open a bar's trace. */
  canOpen: boolean;
}

/**
 * What the canvas cannot be: the focused bar as a real button (so screen readers and the keyboard
 * reach it), an outline on the hovered bar, and the tooltip of whichever of the two is shown.
 */
export function BarOverlays({ lanes, geometry, scale, width, focus, activeRef, spans, timeZone, canOpen }: BarOverlaysProps) {
  const styles = useStyles2(getStyles);
  const { active, hover } = focus;
  const shown = hover ?? active;
  const shownBar = barAt(lanes, shown);
  const activeBar = barAt(lanes, active);
  return (
    <>
      {activeBar && active && (
        <button
          ref={activeRef}
          type="button"
          tabIndex={0}
          className={styles.activeBar}
          style={barBox(scale, geometry, lanes, active, width)}
          aria-label={`${activeBar.operation} in ${lanes[active.lane].lane.name}, ${formatHumanDuration(activeBar.durationUs)}${
            activeBar.marks.length ? `, ${activeBar.marks.map((mark) => MARK_WORDS[mark]).join(', ')}` : ''
          }${canOpen ? '. Press Enter to open the trace.' : ''}`}
          data-testid={testIds.swimlane.activeBar}
          onClick={(event) => {
            event.stopPropagation();
            focus.openActive();
          }}
          // A click on the button is not a click on the lanes behind it.
          onPointerUp={(event) => event.stopPropagation()}
        />
      )}
      {hover && shownBar && <div className={styles.hoverBar} style={barBox(scale, geometry, lanes, hover, width)} />}
      {shown && shownBar && (
        <div className={styles.tooltip} style={tooltipBox(scale, geometry, shown, shownBar.startUs, width)} data-testid={testIds.swimlane.tooltip} role="tooltip">
          <SpanTooltip lane={lanes[shown.lane].lane} bar={shownBar} span={spanByRef(spans, shownBar.span)} timeZone={timeZone} canOpen={canOpen} />
        </div>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  activeBar: css({
    position: 'absolute',
    padding: 0,
    background: 'transparent',
    border: `2px solid ${theme.colors.primary.border}`,
    borderRadius: theme.shape.radius.default,
    cursor: 'pointer',
    '&:focus-visible': { outline: `2px solid ${theme.colors.text.maxContrast}`, outlineOffset: 1 },
  }),
  hoverBar: css({
    position: 'absolute',
    pointerEvents: 'none',
    border: `1px solid ${theme.colors.text.maxContrast}`,
    borderRadius: theme.shape.radius.default,
  }),
  tooltip: css({
    position: 'absolute',
    zIndex: theme.zIndex.tooltip,
    pointerEvents: 'none',
    padding: theme.spacing(1),
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
  }),
});
