import React, { useMemo, useRef } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { SpanRef } from '../../engine';
import { laneGeometry, PreparedLane, prepareLanes, rowTop } from './layout';
import { S, testBar, testLane } from './testLanes';
import { useBarFocus } from './useBarFocus';
import { useViewWindow } from './useViewWindow';

const domain = { startUs: 0, endUs: 100 * S };
// Lane "a" at 0 s, 10 s and 60 s, an empty lane, lane "c" at 9 s and 30 s.
const threeLanes = prepareLanes([
  testLane('a', [testBar(0, 1), testBar(10, 1), testBar(60, 1)]),
  testLane('empty', []),
  testLane('c', [testBar(9, 1), testBar(30, 1)]),
]);
// Inside the first row of lane "a".
const ROW_Y = rowTop(laneGeometry(threeLanes), 0, 0) + 3;

/** The two hooks as the swimlane wires them, over a 1000 px area (10 px a second) at x = 0. */
function Lanes({ lanes, onOpenSpan }: { lanes: PreparedLane[]; onOpenSpan?: (ref: SpanRef) => void }) {
  const areaRef = useRef<HTMLDivElement>(null);
  const activeRef = useRef<HTMLButtonElement>(null);
  const geometry = useMemo(() => laneGeometry(lanes), [lanes]);
  const viewWindow = useViewWindow({ domain, width: 1000, areaRef });
  const focus = useBarFocus({ lanes, geometry, viewWindow, activeRef, onOpenSpan });
  const { view } = viewWindow;
  return (
    <div
      ref={areaRef}
      role="application"
      tabIndex={0}
      onFocus={focus.onFocus}
      onKeyDown={focus.onKeyDown}
      onMouseMove={(event) => focus.hoverAt(event.clientX, event.clientY)}
      onClick={(event) => focus.pickAt(event.clientX, event.clientY)}
    >
      {focus.active && <button ref={activeRef} aria-label={`bar ${focus.active.lane}:${focus.active.index}`} />}
      <output aria-label="hover">{focus.hover ? `${focus.hover.lane}:${focus.hover.index}` : 'none'}</output>
      <output aria-label="view">{`${view.startUs / S}-${view.endUs / S}`}</output>
    </div>
  );
}

const area = () => screen.getByRole('application');
const viewShown = () => screen.getByLabelText('view').textContent;
const activeBar = () => screen.queryByRole('button')?.getAttribute('aria-label');
/** Presses a key on the focused bar, or on the lanes when none has focus; false when the hook took the key. */
const press = (key: string, init: { shiftKey?: boolean } = {}) => {
  const focused = document.activeElement;
  return fireEvent.keyDown(focused && area().contains(focused) ? focused : area(), { key, ...init });
};

describe('useBarFocus', () => {
  it('lands on the first bar when the lanes take focus, and moves the focus onto it', () => {
    render(<Lanes lanes={threeLanes} />);
    act(() => area().focus());
    expect(activeBar()).toBe('bar 0:0');
    expect(screen.getByRole('button')).toHaveFocus();
  });

  it('walks along a lane and to the nearest bar in time of the next lane that has bars', () => {
    render(<Lanes lanes={threeLanes} />);
    act(() => area().focus());
    expect(press('ArrowRight')).toBe(false);
    expect(activeBar()).toBe('bar 0:1');
    press('ArrowDown');
    expect(activeBar()).toBe('bar 2:0');
    expect(screen.getByRole('button')).toHaveFocus();
    press('ArrowRight');
    press('ArrowUp');
    expect(activeBar()).toBe('bar 0:1');
    press('End');
    expect(activeBar()).toBe('bar 0:2');
    press('ArrowLeft');
    expect(activeBar()).toBe('bar 0:1');
    press('Home');
    expect(activeBar()).toBe('bar 0:0');
  });

  it('moves the view to show a bar the keyboard walks to', () => {
    render(<Lanes lanes={threeLanes} />);
    act(() => area().focus());
    press('+');
    press('+');
    expect(viewShown()).toBe('0-25');
    press('End');
    const [start, end] = (viewShown() ?? '').split('-').map(Number);
    expect(start).toBeLessThanOrEqual(60);
    expect(end).toBeGreaterThanOrEqual(61);
    expect(end - start).toBe(25);
  });

  it('zooms around the focused bar, or around the middle of the view when none is, and 0 shows it all', () => {
    render(<Lanes lanes={threeLanes} />);
    expect(press('+')).toBe(false);
    expect(viewShown()).toBe('25-75');
    press('0');
    expect(viewShown()).toBe('0-100');
    act(() => area().focus());
    press('ArrowRight');
    press('=');
    // The bar at 10 s stays a tenth of the way in.
    expect(viewShown()).toBe('5-55');
    press('-');
    expect(viewShown()).toBe('0-100');
  });

  it('pans with Shift + arrows instead of walking, and starts from the first bar in view', () => {
    render(<Lanes lanes={threeLanes} />);
    press('+');
    expect(press('ArrowRight', { shiftKey: true })).toBe(false);
    expect(viewShown()).toBe('35-85');
    press('ArrowLeft', { shiftKey: true });
    expect(viewShown()).toBe('25-75');
    expect(activeBar()).toBeUndefined();
    press('ArrowRight');
    expect(activeBar()).toBe('bar 0:2');
  });

  it('opens the focused bar with Enter or Space, and nothing where the user may not open traces', () => {
    const onOpenSpan = jest.fn();
    const { rerender } = render(<Lanes lanes={threeLanes} onOpenSpan={onOpenSpan} />);
    act(() => area().focus());
    press('ArrowRight');
    expect(press('Enter')).toBe(false);
    press(' ');
    expect(onOpenSpan.mock.calls).toEqual([[{ traceId: 't', spanId: '10' }], [{ traceId: 't', spanId: '10' }]]);
    rerender(<Lanes lanes={threeLanes} />);
    press('Enter');
    expect(onOpenSpan).toHaveBeenCalledTimes(2);
  });

  it('follows the pointer, and Escape lets go of the hovered bar but keeps the focused one', () => {
    render(<Lanes lanes={threeLanes} />);
    act(() => area().focus());
    fireEvent.mouseMove(area(), { clientX: 105, clientY: ROW_Y });
    expect(screen.getByLabelText('hover')).toHaveTextContent('0:1');
    fireEvent.mouseMove(area(), { clientX: 400, clientY: ROW_Y });
    expect(screen.getByLabelText('hover')).toHaveTextContent('none');
    fireEvent.mouseMove(area(), { clientX: 605, clientY: ROW_Y });
    expect(press('Escape')).toBe(true);
    expect(screen.getByLabelText('hover')).toHaveTextContent('none');
    expect(activeBar()).toBe('bar 0:0');
  });

  it('focuses and opens the bar a click lands on, and nothing on empty space', () => {
    const onOpenSpan = jest.fn();
    render(<Lanes lanes={threeLanes} onOpenSpan={onOpenSpan} />);
    fireEvent.click(area(), { clientX: 400, clientY: ROW_Y });
    expect(activeBar()).toBeUndefined();
    fireEvent.click(area(), { clientX: 605, clientY: ROW_Y });
    expect(activeBar()).toBe('bar 0:2');
    expect(screen.getByRole('button')).toHaveFocus();
    expect(onOpenSpan).toHaveBeenCalledWith({ traceId: 't', spanId: '60' });
  });

  it('forgets the focused bar when the lanes change', () => {
    const { rerender } = render(<Lanes lanes={threeLanes} />);
    act(() => area().focus());
    press('ArrowRight');
    expect(activeBar()).toBe('bar 0:1');
    rerender(<Lanes lanes={prepareLanes([testLane('a', [testBar(0, 1), testBar(10, 1)])])} />);
    expect(activeBar()).toBeUndefined();
  });
});
