import { FocusEvent, KeyboardEvent, RefObject, useEffect, useRef } from 'react';
import { SpanRef } from '../../engine';
import { barAt, sameBar } from './bars';
import { BarPosition, Direction, firstBar, hitTest, LaneGeometry, neighbourBar, PreparedLane } from './layout';
import { useKeyedState } from './useKeyedState';
import { ViewWindow } from './useViewWindow';

const DIRECTIONS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'first',
  End: 'last',
};
const KEY_PAN_SHARE = 0.2;

export interface BarFocusOptions {
  lanes: PreparedLane[];
  geometry: LaneGeometry;
  viewWindow: ViewWindow;
  /** The button drawn over the active bar: it takes focus when the keyboard moves. */
  activeRef: RefObject<HTMLElement | null>;
  onOpenSpan?: (ref: SpanRef) => void;
}

export interface BarFocus {
  /** The bar the keyboard (or the last click) is on. */
  active: BarPosition | undefined;
  /** The bar under the pointer. */
  hover: BarPosition | undefined;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  /** Focus reaching the lanes area itself (not the bar button) lands on the first bar in view. */
  onFocus: (event: FocusEvent<HTMLElement>) => void;
  /** x and y are inside the lanes area. */
  hoverAt: (x: number, y: number) => void;
  clearHover: () => void;
  /** A click at x, y: focuses the bar there and opens it. */
  pickAt: (x: number, y: number) => void;
  /** Opens the active bar's trace, where the user may. */
  openActive: () => void;
}

/**
 * Which bar is focused and which is hovered, and how the keyboard walks between bars: arrows along
 * a lane and across lanes, Enter opens, + and − zoom around the bar, Shift + arrows pan, 0 resets.
 * A new set of lanes starts with no bar focused.
 */
export function useBarFocus({ lanes, geometry, viewWindow, activeRef, onOpenSpan }: BarFocusOptions): BarFocus {
  const [active, setActive] = useKeyedState<BarPosition | undefined>(lanes, undefined);
  const [hover, setHover] = useKeyedState<BarPosition | undefined>(lanes, undefined);
  const wantsFocus = useRef(false);
  const { view, scale } = viewWindow;

  useEffect(() => {
    if (active && wantsFocus.current) {
      activeRef.current?.focus();
    }
  }, [active, activeRef]);

  const moveTo = (next: BarPosition | undefined) => {
    const bar = barAt(lanes, next);
    if (!next || !bar) {
      return;
    }
    wantsFocus.current = true;
    setActive(next);
    viewWindow.reveal(bar.startUs, bar.startUs + bar.durationUs);
  };

  const open = (position: BarPosition | undefined) => {
    const bar = barAt(lanes, position);
    if (bar && onOpenSpan) {
      onOpenSpan(bar.span);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const activeBar = barAt(lanes, active);
    const anchor = activeBar ? activeBar.startUs : (view.startUs + view.endUs) / 2;
    if (event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      viewWindow.panBy(event.key === 'ArrowLeft' ? -KEY_PAN_SHARE : KEY_PAN_SHARE);
    } else if (DIRECTIONS[event.key]) {
      moveTo(active ? neighbourBar(lanes, active, DIRECTIONS[event.key]) : firstBar(lanes, view));
    } else if (event.key === 'Enter' || event.key === ' ') {
      open(active);
    } else if (event.key === '+' || event.key === '=') {
      viewWindow.zoomIn(anchor);
    } else if (event.key === '-' || event.key === '_') {
      viewWindow.zoomOut(anchor);
    } else if (event.key === '0') {
      viewWindow.reset();
    } else if (event.key === 'Escape') {
      setHover(undefined);
      return;
    } else {
      return;
    }
    event.preventDefault();
  };

  return {
    active,
    hover,
    onKeyDown,
    onFocus: (event) => {
      if (event.target === event.currentTarget && !active) {
        moveTo(firstBar(lanes, view));
      }
    },
    hoverAt: (x, y) => {
      const hit = hitTest(lanes, geometry, scale, x, y);
      setHover((current) => (sameBar(current, hit) ? current : hit));
    },
    clearHover: () => setHover(undefined),
    pickAt: (x, y) => {
      const hit = hitTest(lanes, geometry, scale, x, y);
      if (hit) {
        wantsFocus.current = true;
        setActive(hit);
        open(hit);
      }
    },
    openActive: () => open(active),
  };
}
