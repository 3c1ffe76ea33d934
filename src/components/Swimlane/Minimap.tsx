import React, { PointerEvent, useLayoutEffect, useRef } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../../utils/testIds';
import { SwimlanePalette } from './colors';
import { fitCanvas } from './draw';
import { PreparedLane, SwimlaneData, TimeWindow, xScale } from './layout';

const HEIGHT = 36;
const DAY_US = 86_400_000_000;

/** An overview is worth its space when the order spans days, or when the view is zoomed in. */
export function showsMinimap(domain: TimeWindow, zoomed: boolean): boolean {
  return zoomed || domain.endUs - domain.startUs > DAY_US;
}

interface MinimapProps {
  data: SwimlaneData;
  lanes: PreparedLane[];
  domain: TimeWindow;
  view: TimeWindow;
  width: number;
  palette: SwimlanePalette;
  onCentre: (centreUs: number) => void;
}

/** The whole order in one strip, with the zoomed window drawn on it; click or drag to move the window. */
export function Minimap({ data, lanes, domain, view, width, palette, onCentre }: MinimapProps) {
  const styles = useStyles2(getStyles);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scale = xScale(domain, width);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) {
      return;
    }
    const full = xScale(domain, width);
    fitCanvas(canvas, ctx, width, HEIGHT);
    ctx.clearRect(0, 0, width, HEIGHT);
    for (const status of data.statuses) {
      const end = status.leftAtUs ?? (status.terminal ? domain.endUs : data.nowUs);
      ctx.fillStyle = palette.sla[status.verdict];
      ctx.fillRect(full(status.enteredAtUs), 0, Math.max(full(end) - full(status.enteredAtUs), 2), 6);
    }
    // One tick per pixel column and lane that has any span: density, not detail.
    const rowHeight = Math.max(Math.min((HEIGHT - 10) / Math.max(lanes.length, 1), 6), 1);
    lanes.forEach((prepared, laneIndex) => {
      const seen = new Uint8Array(Math.ceil(width) + 1);
      ctx.fillStyle = palette.lane[prepared.lane.kind];
      for (const span of prepared.spans) {
        const x = Math.min(Math.max(Math.floor(full(span.startUs)), 0), width);
        const failed = span.status === 'error' || span.marks.includes('dead_letter');
        if (!seen[x] || failed) {
          seen[x] = 1;
          ctx.fillStyle = failed ? palette.error : palette.lane[prepared.lane.kind];
          ctx.fillRect(x, 9 + laneIndex * rowHeight, 1.5, Math.max(rowHeight - 1, 1));
        }
      }
    });
  }, [data, lanes, domain, width, palette]);

  const centreAt = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    onCentre(scale.invert(event.clientX - rect.left));
  };
  const left = Math.max(scale(view.startUs), 0);
  const right = Math.min(scale(view.endUs), width);

  return (
    <div
      className={styles.minimap}
      style={{ width, height: HEIGHT }}
      data-testid={testIds.swimlane.minimap}
      aria-hidden
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture?.(event.pointerId);
        centreAt(event);
      }}
      onPointerMove={(event) => event.buttons === 1 && centreAt(event)}
    >
      <canvas ref={canvasRef} style={{ width, height: HEIGHT }} />
      <div className={styles.window} style={{ left, width: Math.max(right - left, 4) }} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  minimap: css({
    position: 'relative',
    cursor: 'pointer',
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    canvas: { display: 'block' },
  }),
  window: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    border: `2px solid ${theme.colors.primary.border}`,
    background: theme.colors.primary.transparent,
    borderRadius: theme.shape.radius.default,
    pointerEvents: 'none',
  }),
});
