import React, { KeyboardEvent, PointerEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { IconButton, Stack, useStyles2, useTheme2 } from '@grafana/ui';
import { OrderSpan, SpanRef } from '../../engine/model';
import { formatHumanDuration } from '../../engine/format';
import { testIds } from '../../utils/testIds';
import { swimlanePalette } from './colors';
import { drawSwimlane, DrawStats } from './draw';
import {
  BarPosition,
  centreWindow,
  clampWindow,
  Direction,
  firstBar,
  hitTest,
  isWholeDomain,
  laneGeometry,
  neighbourBar,
  panWindow,
  prepareLanes,
  revealWindow,
  ROW_HEIGHT_PX,
  rowTop,
  SwimlaneData,
  tickFormat,
  timeDomain,
  timeTicks,
  TimeWindow,
  xScale,
  zoomWindow,
} from './layout';
import { Minimap, showsMinimap } from './Minimap';
import { SpanTooltip, MARK_WORDS } from './SpanTooltip';
import { STATUS_BAND_HEIGHT, StatusBand } from './StatusBand';
import { SwimlaneLegend } from './SwimlaneLegend';

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
  onPaint?: (stats: DrawStats & { paintMs: number }) => void;
}

const LABEL_WIDTH = 168;
const AXIS_HEIGHT = 22;
const FALLBACK_WIDTH = 900;
const ZOOM_STEP = 0.5;

const spanKey = (ref: SpanRef) => `${ref.traceId}:${ref.spanId}`;

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
  // View, focused bar and hovered bar belong to one timeline: a new order starts at the whole picture.
  const firstWindow = useMemo(
    () => (initialWindow ? clampWindow(initialWindow, domain) : domain),
    [initialWindow, domain]
  );
  const [view, setView] = useKeyedState<TimeWindow>(domain, firstWindow);
  const [active, setActive] = useKeyedState<BarPosition | undefined>(lanes, undefined);
  const [hover, setHover] = useKeyedState<BarPosition | undefined>(lanes, undefined);
  const [measuredWidth, measureRef] = useWidth(fixedWidth === undefined);
  const areaWidth = Math.max((fixedWidth ?? measuredWidth ?? FALLBACK_WIDTH) - LABEL_WIDTH, 200);
  const scale = useMemo(() => xScale(view, areaWidth), [view, areaWidth]);
  const ticks = useMemo(() => timeTicks(view, areaWidth), [view, areaWidth]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  const activeRef = useRef<HTMLButtonElement>(null);
  const drag = useRef<{ x: number; view: TimeWindow; moved: boolean } | undefined>(undefined);
  const wantsFocus = useRef(false);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) {
      return;
    }
    const started = performance.now();
    const ratio = window.devicePixelRatio || 1;
    const height = Math.max(geometry.total, 1);
    canvas.width = Math.round(areaWidth * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const stats = drawSwimlane({
      ctx,
      width: areaWidth,
      height,
      lanes,
      geometry,
      waits: data.waits,
      view,
      scale,
      gridUs: ticks.ticksUs,
      nowUs: data.nowUs,
      palette,
      fontFamily: theme.typography.fontFamily,
    });
    onPaint?.({ ...stats, paintMs: performance.now() - started });
  }, [lanes, geometry, data.waits, data.nowUs, view, scale, ticks, palette, areaWidth, theme, onPaint]);

  // Ctrl/⌘ + wheel zooms, Shift + wheel (or a sideways swipe) pans; a plain wheel scrolls the page.
  useEffect(() => {
    const area = areaRef.current;
    if (!area) {
      return;
    }
    const onWheel = (event: WheelEvent) => {
      const rect = area.getBoundingClientRect();
      const anchor = scale.invert(event.clientX - rect.left);
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        setView((current) => zoomWindow(current, Math.exp(event.deltaY * 0.002), anchor, domain));
      } else if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        event.preventDefault();
        const delta = event.shiftKey ? event.deltaY : event.deltaX;
        setView((current) => panWindow(current, (delta / areaWidth) * (current.endUs - current.startUs), domain));
      }
    };
    area.addEventListener('wheel', onWheel, { passive: false });
    return () => area.removeEventListener('wheel', onWheel);
  }, [scale, domain, areaWidth, setView]);

  useEffect(() => {
    if (active && wantsFocus.current) {
      activeRef.current?.focus();
    }
  }, [active]);

  const moveTo = useCallback(
    (next: BarPosition | undefined) => {
      if (!next) {
        return;
      }
      const bar = lanes[next.lane]?.spans[next.index];
      if (!bar) {
        return;
      }
      wantsFocus.current = true;
      setActive(next);
      setView((current) => revealWindow(current, bar.startUs, bar.startUs + bar.durationUs, domain));
    },
    [lanes, domain, setActive, setView]
  );

  const barAt = (position: BarPosition | undefined) => (position ? lanes[position.lane]?.spans[position.index] : undefined);

  const openBar = (position: BarPosition | undefined) => {
    const bar = barAt(position);
    if (bar && onOpenSpan) {
      onOpenSpan(bar.span);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const directions: Record<string, Direction> = {
      ArrowLeft: 'left',
      ArrowRight: 'right',
      ArrowUp: 'up',
      ArrowDown: 'down',
      Home: 'first',
      End: 'last',
    };
    const length = view.endUs - view.startUs;
    const activeBar = barAt(active);
    const anchor = activeBar ? activeBar.startUs : (view.startUs + view.endUs) / 2;
    if (event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      setView(panWindow(view, (event.key === 'ArrowLeft' ? -0.2 : 0.2) * length, domain));
    } else if (directions[event.key]) {
      moveTo(active ? neighbourBar(lanes, active, directions[event.key]) : firstBar(lanes, view));
    } else if (event.key === 'Enter' || event.key === ' ') {
      openBar(active);
    } else if (event.key === '+' || event.key === '=') {
      setView(zoomWindow(view, ZOOM_STEP, anchor, domain));
    } else if (event.key === '-' || event.key === '_') {
      setView(zoomWindow(view, 1 / ZOOM_STEP, anchor, domain));
    } else if (event.key === '0') {
      setView(domain);
    } else if (event.key === 'Escape') {
      setHover(undefined);
      return;
    } else {
      return;
    }
    event.preventDefault();
  };

  const pointerPosition = (event: PointerEvent<HTMLElement>) => {
    const rect = areaRef.current?.getBoundingClientRect();
    return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) {
      return;
    }
    drag.current = { x: event.clientX, view, moved: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const dragging = drag.current;
    if (dragging && event.buttons === 1) {
      const dx = event.clientX - dragging.x;
      if (Math.abs(dx) > 3 || dragging.moved) {
        dragging.moved = true;
        const length = dragging.view.endUs - dragging.view.startUs;
        setView(panWindow(dragging.view, (-dx / areaWidth) * length, domain));
        setHover(undefined);
        return;
      }
    }
    const { x, y } = pointerPosition(event);
    const hit = hitTest(lanes, geometry, scale, x, y);
    setHover((current) => (sameBar(current, hit) ? current : hit));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const dragging = drag.current;
    drag.current = undefined;
    if (dragging?.moved) {
      return;
    }
    const { x, y } = pointerPosition(event);
    const hit = hitTest(lanes, geometry, scale, x, y);
    if (hit) {
      wantsFocus.current = true;
      setActive(hit);
      openBar(hit);
    }
  };

  const onAreaFocus = () => {
    if (!active) {
      moveTo(firstBar(lanes, view));
    }
  };

  const shown = hover ?? active;
  const shownBar = barAt(shown);
  const activeBar = barAt(active);
  const spanCount = useMemo(() => lanes.reduce((sum, lane) => sum + lane.spans.length, 0), [lanes]);
  const zoomed = !isWholeDomain(view, domain);
  const duration = formatHumanDuration(domain.endUs - domain.startUs);

  return (
    <section
      className={styles.container}
      ref={measureRef}
      aria-label={`Swimlane of the order: ${lanes.length} lanes, ${spanCount} spans over ${duration}`}
      data-testid={testIds.swimlane.container}
    >
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <SwimlaneLegend palette={palette} />
        <Stack gap={0.5} alignItems="center">
          <span className={styles.hint}>
            {dateTimeFormat(view.startUs / 1000, { format: 'YYYY-MM-DD HH:mm:ss', timeZone })} –{' '}
            {formatHumanDuration(view.endUs - view.startUs)}
          </span>
          <IconButton name="search-plus" tooltip="Zoom in (+)" onClick={() => setView(zoomWindow(view, ZOOM_STEP, (view.startUs + view.endUs) / 2, domain))} />
          <IconButton name="search-minus" tooltip="Zoom out (−)" onClick={() => setView(zoomWindow(view, 1 / ZOOM_STEP, (view.startUs + view.endUs) / 2, domain))} />
          <IconButton name="angle-left" tooltip="Earlier (Shift+←)" onClick={() => setView(panWindow(view, -0.25 * (view.endUs - view.startUs), domain))} />
          <IconButton name="angle-right" tooltip="Later (Shift+→)" onClick={() => setView(panWindow(view, 0.25 * (view.endUs - view.startUs), domain))} />
          <IconButton name="expand-arrows-alt" tooltip="Whole order (0)" disabled={!zoomed} onClick={() => setView(domain)} />
        </Stack>
      </Stack>
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
        <div className={styles.labels} style={{ height: geometry.total }}>
          {lanes.map((prepared, index) => (
            <div
              key={prepared.lane.id}
              className={styles.laneLabel}
              style={{ top: geometry.tops[index], height: geometry.heights[index] }}
              title={`${prepared.lane.kind}: ${prepared.lane.name}`}
            >
              <span className={styles.laneKind}>{prepared.lane.kind}</span>
              <span className={styles.laneName}>{prepared.lane.name}</span>
            </div>
          ))}
        </div>
        <div
          ref={areaRef}
          className={styles.area}
          style={{ width: areaWidth, height: Math.max(geometry.total, 48) }}
          role="application"
          aria-roledescription="swimlane"
          aria-label="Spans by lane. Arrow keys move between bars, Enter opens the trace, plus and minus zoom, Shift with arrows pans."
          tabIndex={active ? -1 : 0}
          onFocus={(event) => event.target === event.currentTarget && onAreaFocus()}
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(undefined)}
        >
          <canvas ref={canvasRef} className={styles.canvas} style={{ width: areaWidth, height: geometry.total }} />
          {activeBar && active && (
            <button
              ref={activeRef}
              type="button"
              tabIndex={0}
              className={styles.activeBar}
              style={barBox(scale, geometry, lanes, active, areaWidth)}
              aria-label={`${activeBar.operation} in ${lanes[active.lane].lane.name}, ${formatHumanDuration(activeBar.durationUs)}${
                activeBar.marks.length ? `, ${activeBar.marks.map((mark) => MARK_WORDS[mark]).join(', ')}` : ''
              }${onOpenSpan ? '. Press Enter to open the trace.' : ''}`}
              data-testid={testIds.swimlane.activeBar}
              onClick={(event) => {
                event.stopPropagation();
                openBar(active);
              }}
              onPointerUp={(event) => event.stopPropagation()}
            />
          )}
          {hover && shownBar && <div className={styles.hoverBar} style={barBox(scale, geometry, lanes, hover, areaWidth)} />}
          {shown && shownBar && (
            <div className={styles.tooltip} style={tooltipBox(scale, geometry, shown, shownBar.startUs, areaWidth)} data-testid={testIds.swimlane.tooltip} role="tooltip">
              <SpanTooltip lane={lanes[shown.lane].lane} bar={shownBar} span={spanByRef(spans, shownBar.span)} timeZone={timeZone} canOpen={!!onOpenSpan} />
            </div>
          )}
          {data.lanes.length === 0 && <div className={styles.empty}>No spans of this order in the window.</div>}
        </div>
        <div />
        <div className={styles.axis} style={{ height: AXIS_HEIGHT }} aria-hidden>
          {ticks.ticksUs.map((t) => (
            <span key={t} className={styles.tick} style={{ left: scale(t) }}>
              {dateTimeFormat(t / 1000, { format: tickFormat(ticks.stepUs), timeZone })}
            </span>
          ))}
        </div>
        {showsMinimap(domain, zoomed) && (
          <>
            <div className={styles.bandLabel}>Overview</div>
            <Minimap
              data={data}
              lanes={lanes}
              domain={domain}
              view={view}
              width={areaWidth}
              palette={palette}
              onCentre={(centreUs) => setView((current) => centreWindow(current, centreUs, domain))}
            />
          </>
        )}
      </div>
    </section>
  );
}

function sameBar(a: BarPosition | undefined, b: BarPosition | undefined): boolean {
  return a === b || (!!a && !!b && a.lane === b.lane && a.index === b.index);
}

function barBox(
  scale: (us: number) => number,
  geometry: ReturnType<typeof laneGeometry>,
  lanes: ReturnType<typeof prepareLanes>,
  position: BarPosition,
  width: number
): React.CSSProperties {
  const prepared = lanes[position.lane];
  const bar = prepared.spans[position.index];
  const x0 = Math.min(Math.max(scale(bar.startUs), -2), width);
  const x1 = Math.min(Math.max(scale(bar.startUs + bar.durationUs), x0 + 6), width + 2);
  const top = rowTop(geometry, position.lane, prepared.rows[position.index]);
  return { left: x0 - 2, top: top - 2, width: x1 - x0 + 4, height: ROW_HEIGHT_PX + 4 };
}

function tooltipBox(
  scale: (us: number) => number,
  geometry: ReturnType<typeof laneGeometry>,
  position: BarPosition,
  startUs: number,
  width: number
): React.CSSProperties {
  const x = Math.min(Math.max(scale(startUs), 0), width);
  const below = geometry.tops[position.lane] + geometry.heights[position.lane];
  return x > width / 2 ? { right: width - x, top: below } : { left: x, top: below };
}

/**
 * State that belongs to one `key` (a timeline, its lanes): when the key changes, the state starts
 * again from `initial` without an effect and a second render.
 */
function useKeyedState<T>(key: unknown, initial: T): [T, (update: T | ((current: T) => T)) => void] {
  const [state, setState] = useState<{ key: unknown; value: T }>({ key, value: initial });
  const value = state.key === key ? state.value : initial;
  const set = useCallback(
    (update: T | ((current: T) => T)) =>
      setState((current) => {
        const base = current.key === key ? current.value : initial;
        return { key, value: typeof update === 'function' ? (update as (current: T) => T)(base) : update };
      }),
    [key, initial]
  );
  return [value, set];
}

const spanIndexes = new WeakMap<OrderSpan[], Map<string, OrderSpan>>();

/** The span behind a bar, for its tooltip; the index is built on first use, not on render. */
function spanByRef(spans: OrderSpan[] | undefined, ref: SpanRef): OrderSpan | undefined {
  if (!spans) {
    return undefined;
  }
  let index = spanIndexes.get(spans);
  if (!index) {
    index = new Map(spans.map((span) => [spanKey(span), span]));
    spanIndexes.set(spans, index);
  }
  return index.get(spanKey(ref));
}

/** Width of the container, following resizes. */
function useWidth(enabled: boolean): [number | undefined, (node: HTMLElement | null) => void] {
  const [node, setNode] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState<number | undefined>();
  useEffect(() => {
    if (!node || !enabled) {
      return;
    }
    const measure = () => {
      const measured = node.getBoundingClientRect().width;
      if (measured > 0) {
        setWidth(Math.floor(measured));
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, [node, enabled]);
  return [width, setNode];
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: '100%', minWidth: 0 }),
  hint: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, marginRight: theme.spacing(1) }),
  grid: css({ display: 'grid', rowGap: theme.spacing(0.5), alignItems: 'start' }),
  bandLabel: css({
    display: 'flex',
    alignItems: 'center',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  labels: css({ position: 'relative' }),
  laneLabel: css({
    position: 'absolute',
    left: 0,
    right: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
    overflow: 'hidden',
    lineHeight: 1.2,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  laneKind: css({ fontSize: 10, textTransform: 'uppercase', color: theme.colors.text.secondary, letterSpacing: 0.4 }),
  laneName: css({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', fontSize: theme.typography.bodySmall.fontSize }),
  area: css({
    position: 'relative',
    cursor: 'grab',
    touchAction: 'pan-y',
    borderLeft: `1px solid ${theme.colors.border.medium}`,
    borderBottom: `1px solid ${theme.colors.border.medium}`,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.border}` },
  }),
  canvas: css({ display: 'block' }),
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
  empty: css({ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', color: theme.colors.text.secondary }),
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
