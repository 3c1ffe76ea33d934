import { RefObject, useLayoutEffect, useRef } from 'react';
import { drawSwimlane, DrawInput, DrawStats, fitCanvas } from './draw';

export type PaintStats = DrawStats & { paintMs: number };

/**
 * Paints the lanes on a canvas whenever what they show changes, sharp on high-density screens.
 * Painting happens before the browser shows the frame, so bars and their DOM overlays never drift.
 */
export function useLaneCanvas(
  input: Omit<DrawInput, 'ctx' | 'height'>,
  onPaint?: (stats: PaintStats) => void
): RefObject<HTMLCanvasElement> {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width, lanes, geometry, waits, view, scale, gridUs, nowUs, palette, fontFamily } = input;

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) {
      return;
    }
    const started = performance.now();
    const height = Math.max(geometry.total, 1);
    fitCanvas(canvas, ctx, width, height);
    const stats = drawSwimlane({ ctx, width, height, lanes, geometry, waits, view, scale, gridUs, nowUs, palette, fontFamily });
    onPaint?.({ ...stats, paintMs: performance.now() - started });
  }, [lanes, geometry, waits, nowUs, view, scale, gridUs, palette, width, fontFamily, onPaint]);

  return canvasRef;
}
