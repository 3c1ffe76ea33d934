import { RefObject, useEffect, useMemo, useRef } from 'react';
import {
  centreWindow,
  clampWindow,
  isWholeDomain,
  panWindow,
  revealWindow,
  TimeWindow,
  XScale,
  xScale,
  zoomWindow,
} from './layout';
import { useKeyedState } from './useKeyedState';

/** One press of a zoom button or key halves (or doubles) the window. */
export const ZOOM_STEP = 0.5;
/** A pointer that moves less than this before it is let go clicked, it did not drag. */
const DRAG_THRESHOLD_PX = 3;

/** Only what a drag reads of a pointer event, so it can be driven without one. */
export interface DragPointer {
  clientX: number;
  button: number;
  buttons: number;
}

export interface ViewWindowOptions {
  /** The whole order: the window never leaves it. */
  domain: TimeWindow;
  /** The window to show first (clamped to the domain); the whole domain when left out. */
  initialWindow?: TimeWindow;
  /** Width of the lanes area in pixels. */
  width: number;
  /** The lanes area: the wheel zooms and pans over it. */
  areaRef: RefObject<HTMLElement | null>;
}

export interface ViewWindow {
  view: TimeWindow;
  scale: XScale;
  /** True when the view shows less than the whole domain. */
  zoomed: boolean;
  /** Zooms in one step, keeping `anchorUs` (the view's centre when left out) where it is. */
  zoomIn: (anchorUs?: number) => void;
  zoomOut: (anchorUs?: number) => void;
  /** Moves by a share of the view's length: negative is earlier. */
  panBy: (share: number) => void;
  centreOn: (centreUs: number) => void;
  /** The smallest move that shows [startUs, endUs]. */
  reveal: (startUs: number, endUs: number) => void;
  /** Back to the whole domain. */
  reset: () => void;
  /** Dragging the lanes sideways pans, like grabbing the timeline. */
  drag: {
    start: (pointer: DragPointer) => void;
    /** True while the pointer pans the view (and so points at no bar). */
    move: (pointer: DragPointer) => boolean;
    /** True when the pointer dragged, so letting go is not a click. */
    end: () => boolean;
  };
}

/**
 * The time window the swimlane shows and every way to move it: wheel, drag, zoom and pan. A new
 * domain (another order) starts again at the whole picture.
 */
export function useViewWindow({ domain, initialWindow, width, areaRef }: ViewWindowOptions): ViewWindow {
  const firstWindow = useMemo(
    () => (initialWindow ? clampWindow(initialWindow, domain) : domain),
    [initialWindow, domain]
  );
  const [view, setView] = useKeyedState<TimeWindow>(domain, firstWindow);
  const scale = useMemo(() => xScale(view, width), [view, width]);
  const dragging = useRef<{ x: number; view: TimeWindow; moved: boolean } | undefined>(undefined);

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
        setView((current) => panWindow(current, (delta / width) * (current.endUs - current.startUs), domain));
      }
    };
    area.addEventListener('wheel', onWheel, { passive: false });
    return () => area.removeEventListener('wheel', onWheel);
  }, [areaRef, scale, domain, width, setView]);

  const centre = (view.startUs + view.endUs) / 2;
  return {
    view,
    scale,
    zoomed: !isWholeDomain(view, domain),
    zoomIn: (anchorUs = centre) => setView(zoomWindow(view, ZOOM_STEP, anchorUs, domain)),
    zoomOut: (anchorUs = centre) => setView(zoomWindow(view, 1 / ZOOM_STEP, anchorUs, domain)),
    panBy: (share) => setView(panWindow(view, share * (view.endUs - view.startUs), domain)),
    centreOn: (centreUs) => setView((current) => centreWindow(current, centreUs, domain)),
    reveal: (startUs, endUs) => setView((current) => revealWindow(current, startUs, endUs, domain)),
    reset: () => setView(domain),
    drag: {
      start: (pointer) => {
        if (pointer.button === 0) {
          dragging.current = { x: pointer.clientX, view, moved: false };
        }
      },
      move: (pointer) => {
        const started = dragging.current;
        if (!started || pointer.buttons !== 1) {
          return false;
        }
        const dx = pointer.clientX - started.x;
        if (Math.abs(dx) > DRAG_THRESHOLD_PX || started.moved) {
          started.moved = true;
          const length = started.view.endUs - started.view.startUs;
          setView(panWindow(started.view, (-dx / width) * length, domain));
          return true;
        }
        return false;
      },
      end: () => {
        const started = dragging.current;
        dragging.current = undefined;
        return !!started?.moved;
      },
    },
  };
}
