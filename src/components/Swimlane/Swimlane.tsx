import React, { PointerEvent, useMemo, useRef } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { formatHumanDuration, OrderSpan, SpanRef } from '../../engine';
import { testIds } from '../../utils/testIds';
import { BarOverlays } from './BarOverlays';
import { swimlanePalette } from './colors';
import { LaneLabels } from './LaneLabels';
import { laneGeometry, prepareLanes, SwimlaneData, timeDomain, timeTicks, TimeWindow } from './layout';
import { Minimap, showsMinimap } from './Minimap';
import { STATUS_BAND_HEIGHT, StatusBand } from './StatusBand';
import { SwimlaneToolbar } from './SwimlaneToolbar';
import { TimeAxis } from './TimeAxis';
import { useBarFocus } from './useBarFocus';
import { PaintStats, useLaneCanvas } from './useLaneCanvas';
import { useViewWindow } from './useViewWindow';
import { useWidth } from './useWidth';

export interface SwimlaneProps {
  data: SwimlaneData;
  /** The order's spans (masked), for the attributes a tooltip shows. */
  spans?: OrderSpan[];
  /** Opens a span's trace. Left out for users who may not drill into traces: bars then open nothing. */
  onOpenSpan?: (ref: SpanRef) => void;
  /** Fixed width in pixels; measured from the container when left out. */
  width?: number;
  timeZone?: TimeZone;
  /** The time window to show first (clamped to the order's); the whole order when left out. */
  initialWindow?: TimeWindow;
  /** Called after every paint of the lanes, with how long painting took (benchmarks, tests). */
  onPaint?: (stats: PaintStats) => void;
}

const LABEL_WIDTH = 168;
const FALLBACK_WIDTH = 900;

/**
 * The order's whole life on one time axis: a status band coloured by SLA, then one lane per
 * service, queue and storage with every span of every trace as a bar. Bars are painted on a canvas
 * (thousands stay cheap); the focused bar is a real button, so the keyboard reaches every bar.
 */
export function Swimlane({ data, spans, onOpenSpan, width: fixedWidth, timeZone, initialWindow, onPaint }: SwimlaneProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const palette = useMemo(() => swimlanePalette(theme), [theme]);
  const lanes = useMemo(() => prepareLanes(data.lanes), [data.lanes]);
  const geometry = useMemo(() => laneGeometry(lanes), [lanes]);
  const domain = useMemo(() => timeDomain(data), [data]);
  const [measuredWidth, measureRef] = useWidth(fixedWidth === undefined);
  const areaWidth = Math.max((fixedWidth ?? measuredWidth ?? FALLBACK_WIDTH) - LABEL_WIDTH, 200);
  const areaRef = useRef<HTMLDivElement>(null);
  // View, focused bar and hovered bar belong to one timeline: a new order starts at the whole picture.
  const viewWindow = useViewWindow({ domain, initialWindow, width: areaWidth, areaRef });
  const { view, scale, zoomed } = viewWindow;
  const ticks = useMemo(() => timeTicks(view, areaWidth), [view, areaWidth]);
  const activeRef = useRef<HTMLButtonElement>(null);
  const focus = useBarFocus({ lanes, geometry, viewWindow, activeRef, onOpenSpan });
  const canvasRef = useLaneCanvas(
    { width: areaWidth, lanes, geometry, waits: data.waits, view, scale, gridUs: ticks.ticksUs, nowUs: data.nowUs, palette, fontFamily: theme.typography.fontFamily },
    onPaint
  );

  const pointerPosition = (event: PointerEvent<HTMLElement>) => {
    const rect = areaRef.current?.getBoundingClientRect();
    return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (viewWindow.drag.move(event)) {
      focus.clearHover();
      return;
    }
    const { x, y } = pointerPosition(event);
    focus.hoverAt(x, y);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (viewWindow.drag.end()) {
      return;
    }
    const { x, y } = pointerPosition(event);
    focus.pickAt(x, y);
  };

  const spanCount = useMemo(() => lanes.reduce((sum, lane) => sum + lane.spans.length, 0), [lanes]);
  const duration = formatHumanDuration(domain.endUs - domain.startUs);

  return (
    <section
      className={styles.container}
      ref={measureRef}
      aria-label={`Swimlane of the order: ${lanes.length} lanes, ${spanCount} spans over ${duration}`}
      data-testid={testIds.swimlane.container}
    >
      <SwimlaneToolbar palette={palette} viewWindow={viewWindow} timeZone={timeZone} />
      <div className={styles.grid} style={{ gridTemplateColumns: `${LABEL_WIDTH}px ${areaWidth}px` }}>
        <div className={styles.bandLabel} style={{ height: STATUS_BAND_HEIGHT }}>
          Status
        </div>
        <StatusBand
          statuses={data.statuses}
          scale={scale}
          width={areaWidth}
          domain={domain}
          nowUs={data.nowUs}
          palette={palette}
          onOpenSpan={onOpenSpan}
        />
        <LaneLabels lanes={lanes} geometry={geometry} />
        <div
          ref={areaRef}
          className={styles.area}
          style={{ width: areaWidth, height: Math.max(geometry.total, 48) }}
          role="application"
          aria-roledescription="swimlane"
          aria-label="Spans by lane. Arrow keys move between bars, Enter opens the trace, plus and minus zoom, Shift with arrows pans."
          tabIndex={focus.active ? -1 : 0}
          onFocus={focus.onFocus}
          onKeyDown={focus.onKeyDown}
          onPointerDown={viewWindow.drag.start}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={focus.clearHover}
        >
          <canvas ref={canvasRef} className={styles.canvas} style={{ width: areaWidth, height: geometry.total }} />
          <BarOverlays
            lanes={lanes}
            geometry={geometry}
            scale={scale}
            width={areaWidth}
            focus={focus}
            activeRef={activeRef}
            spans={spans}
            timeZone={timeZone}
            canOpen={!!onOpenSpan}
          />
          {data.lanes.length === 0 && <div className={styles.empty}>No spans of this order in the window.</div>}
        </div>
        <div />
        <TimeAxis ticks={ticks} scale={scale} timeZone={timeZone} />
        {showsMinimap(domain, zoomed) && (
          <>
            <div className={styles.bandLabel}>Overview</div>
            <Minimap data={data} lanes={lanes} domain={domain} view={view} width={areaWidth} palette={palette} onCentre={viewWindow.centreOn} />
          </>
        )}
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: '100%', minWidth: 0 }),
  grid: css({ display: 'grid', rowGap: theme.spacing(0.5), alignItems: 'start' }),
  bandLabel: css({
    display: 'flex',
    alignItems: 'center',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  area: css({
    position: 'relative',
    cursor: 'grab',
    touchAction: 'pan-y',
    borderLeft: `1px solid ${theme.colors.border.medium}`,
    borderBottom: `1px solid ${theme.colors.border.medium}`,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.border}` },
  }),
  canvas: css({ display: 'block' }),
  empty: css({ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', color: theme.colors.text.secondary }),
});
