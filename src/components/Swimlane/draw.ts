import { formatHumanDuration, LaneSpan, Wait } from '../../engine';
import { SwimlanePalette } from './colors';
import { LaneGeometry, PreparedLane, ROW_HEIGHT_PX, rowTop, TimeWindow, XScale } from './layout';

export interface DrawInput {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  lanes: PreparedLane[];
  geometry: LaneGeometry;
  waits: Wait[];
  view: TimeWindow;
  scale: XScale;
  gridUs: number[];
  nowUs: number;
  palette: SwimlanePalette;
  fontFamily: string;
}

export interface DrawStats {
  /** Spans inside the window. */
  visible: number;
  /** Rectangles painted after merging bars that share a pixel. */
  painted: number;
}

const MIN_BAR_PX = 2;

/** Sizes the canvas for `width` × `height` CSS pixels at the screen's pixel ratio, so bars and text stay sharp. */
export function fitCanvas(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, width: number, height: number): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
}

/**
 * Paints lanes, waits and bars. Cost is linear in spans with a small constant: spans outside the
 * window are skipped, and touching bars of one colour in one row are merged into one rectangle,
 * so 20 000 spans paint about as many rectangles as the canvas is wide.
 */
export function drawSwimlane(input: DrawInput): DrawStats {
  const { ctx, width, height, lanes, geometry, view, scale, palette } = input;
  ctx.clearRect(0, 0, width, height);

  for (let lane = 0; lane < lanes.length; lane++) {
    if (lane % 2 === 1) {
      ctx.fillStyle = palette.laneStripe;
      ctx.fillRect(0, geometry.tops[lane], width, geometry.heights[lane]);
    }
  }
  ctx.fillStyle = palette.grid;
  for (const t of input.gridUs) {
    ctx.fillRect(Math.round(scale(t)), 0, 1, height);
  }

  drawWaits(input);

  let visible = 0;
  let painted = 0;
  const marked: Array<{ span: LaneSpan; x0: number; x1: number; y: number }> = [];
  for (let lane = 0; lane < lanes.length; lane++) {
    const { spans, rows, rowCount, lane: meta } = lanes[lane];
    const base = palette.lane[meta.kind];
    const pendingX0 = new Float64Array(rowCount).fill(Number.NaN);
    const pendingX1 = new Float64Array(rowCount);
    const pendingColour: string[] = new Array(rowCount).fill('');
    const flush = (row: number) => {
      if (!Number.isNaN(pendingX0[row])) {
        ctx.fillStyle = pendingColour[row];
        ctx.fillRect(pendingX0[row], rowTop(geometry, lane, row), pendingX1[row] - pendingX0[row], ROW_HEIGHT_PX);
        painted++;
        pendingX0[row] = Number.NaN;
      }
    };
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i];
      if (span.startUs > view.endUs) {
        break;
      }
      if (span.startUs + span.durationUs < view.startUs) {
        continue;
      }
      visible++;
      const row = rows[i];
      const x0 = Math.max(scale(span.startUs), -1);
      const x1 = Math.min(Math.max(scale(span.startUs + span.durationUs), x0 + MIN_BAR_PX), width + 1);
      const failed = span.status === 'error' || span.marks.includes('error') || span.marks.includes('invalid_file');
      const colour = failed ? palette.error : base;
      if (colour === pendingColour[row] && x0 <= pendingX1[row] + 0.5 && !Number.isNaN(pendingX0[row])) {
        pendingX1[row] = Math.max(pendingX1[row], x1);
      } else {
        flush(row);
        pendingX0[row] = x0;
        pendingX1[row] = x1;
        pendingColour[row] = colour;
      }
      if (span.marks.length > 0 && (failed || span.marks.some((mark) => mark !== 'error'))) {
        marked.push({ span, x0, x1, y: rowTop(geometry, lane, row) });
      }
    }
    for (let row = 0; row < rowCount; row++) {
      flush(row);
    }
  }
  drawMarks(ctx, marked, palette);
  return { visible, painted };
}

function drawMarks(
  ctx: CanvasRenderingContext2D,
  marked: Array<{ span: LaneSpan; x0: number; x1: number; y: number }>,
  palette: SwimlanePalette
) {
  for (const { span, x0, x1, y } of marked) {
    for (const mark of span.marks) {
      switch (mark) {
        case 'dead_letter': {
          // A downward triangle above the bar: the message fell out of the normal flow.
          const cx = (x0 + x1) / 2;
          ctx.fillStyle = palette.deadLetter;
          ctx.beginPath();
          ctx.moveTo(cx - 5, y - 6);
          ctx.lineTo(cx + 5, y - 6);
          ctx.lineTo(cx, y + 2);
          ctx.closePath();
          ctx.fill();
          break;
        }
        case 'retry':
          ctx.strokeStyle = palette.retry;
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.arc(x0, y + ROW_HEIGHT_PX / 2, 4, 0.3, Math.PI * 1.8);
          ctx.stroke();
          break;
        case 'slow':
          ctx.fillStyle = palette.slow;
          ctx.fillRect(x0, y + ROW_HEIGHT_PX, Math.max(x1 - x0, 2), 2);
          break;
        case 'status_change': {
          ctx.fillStyle = palette.statusChange;
          ctx.beginPath();
          ctx.moveTo(x0, y - 3);
          ctx.lineTo(x0 + 3, y + ROW_HEIGHT_PX / 2);
          ctx.lineTo(x0, y + ROW_HEIGHT_PX + 3);
          ctx.lineTo(x0 - 3, y + ROW_HEIGHT_PX / 2);
          ctx.closePath();
          ctx.fill();
          break;
        }
        case 'error':
        case 'invalid_file':
          ctx.strokeStyle = palette.error;
          ctx.lineWidth = 1;
          ctx.strokeRect(x0 - 1.5, y - 1.5, Math.max(x1 - x0, 2) + 3, ROW_HEIGHT_PX + 3);
          break;
      }
    }
  }
}

function drawWaits(input: DrawInput) {
  const { ctx, lanes, geometry, waits, scale, palette, view, nowUs, width, height } = input;
  const queueLane = new Map<string, number>();
  lanes.forEach((prepared, index) => {
    if (prepared.lane.kind === 'queue') {
      queueLane.set(prepared.lane.name, index);
    }
  });
  ctx.font = `11px ${input.fontFamily}`;
  ctx.textBaseline = 'middle';
  const gaps: Array<[number, number]> = [];
  for (const wait of waits) {
    const endUs = wait.endUs ?? nowUs;
    if (endUs < view.startUs || wait.startUs > view.endUs) {
      continue;
    }
    const x0 = Math.max(scale(wait.startUs), 0);
    const x1 = Math.min(scale(endUs), width);
    if (wait.kind === 'gap') {
      // Time between two traces when nothing happened: shaded across every lane (overlaps merged below).
      gaps.push([x0, x1]);
      drawWaitLabel(ctx, wait, x0, x1, 10, palette);
      continue;
    }
    const lane = wait.queue !== undefined ? queueLane.get(wait.queue) : undefined;
    const y = lane === undefined ? height - 4 : geometry.tops[lane] + geometry.heights[lane] - 4;
    ctx.strokeStyle = wait.endUs === null ? palette.error : palette.wait;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x0, y);
    ctx.lineTo(x1, y);
    ctx.stroke();
    ctx.setLineDash([]);
    if (wait.endUs === null) {
      // Never consumed: an open arrow at "now".
      ctx.beginPath();
      ctx.moveTo(x1 - 5, y - 4);
      ctx.lineTo(x1, y);
      ctx.lineTo(x1 - 5, y + 4);
      ctx.stroke();
    }
  }
  // Gaps overlap when traces interleave; shading their union keeps the shade one tone.
  gaps.sort((a, b) => a[0] - b[0]);
  ctx.fillStyle = palette.gap;
  let current: [number, number] | undefined;
  for (const gap of gaps) {
    if (current && gap[0] <= current[1]) {
      current[1] = Math.max(current[1], gap[1]);
    } else {
      if (current) {
        ctx.fillRect(current[0], 0, current[1] - current[0], height);
      }
      current = [gap[0], gap[1]];
    }
  }
  if (current) {
    ctx.fillRect(current[0], 0, current[1] - current[0], height);
  }
}

function drawWaitLabel(ctx: CanvasRenderingContext2D, wait: Wait, x0: number, x1: number, y: number, palette: SwimlanePalette) {
  const text = `waited ${formatHumanDuration(wait.durationUs)}`;
  const textWidth = ctx.measureText(text).width;
  if (x1 - x0 > textWidth + 12) {
    ctx.fillStyle = palette.textSecondary;
    ctx.fillText(text, (x0 + x1) / 2 - textWidth / 2, y);
  }
}
