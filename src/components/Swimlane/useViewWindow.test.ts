import { act, renderHook } from '@testing-library/react';
import { S } from './testLanes';
import { useViewWindow, ViewWindowOptions } from './useViewWindow';

const domain = { startUs: 0, endUs: 100 * S };

/** The hook over a 1000 px wide area (10 px a second); jsdom puts the area at x = 0. */
function renderViewWindow(options: Partial<ViewWindowOptions> = {}) {
  const area = document.createElement('div');
  const initialProps: ViewWindowOptions = { domain, width: 1000, areaRef: { current: area }, ...options };
  const hook = renderHook((props: ViewWindowOptions) => useViewWindow(props), { initialProps });
  const wheel = (init: WheelEventInit) => {
    const event = new WheelEvent('wheel', { cancelable: true, ...init });
    act(() => {
      area.dispatchEvent(event);
    });
    return event;
  };
  return { ...hook, initialProps, wheel };
}

describe('useViewWindow', () => {
  it('starts at the whole order, or at the first window asked for, clamped to the order', () => {
    expect(renderViewWindow().result.current).toMatchObject({ view: domain, zoomed: false });
    const { result } = renderViewWindow({ initialWindow: { startUs: -10 * S, endUs: 10 * S } });
    expect(result.current).toMatchObject({ view: { startUs: 0, endUs: 20 * S }, zoomed: true });
  });

  it('zooms with Ctrl + wheel around the time under the pointer', () => {
    const { result, wheel } = renderViewWindow();
    const event = wheel({ ctrlKey: true, deltaY: -100, clientX: 250 });
    const { view, scale } = result.current;
    expect(event.defaultPrevented).toBe(true);
    expect(view.endUs - view.startUs).toBeCloseTo(100 * S * Math.exp(-0.2));
    // 25 s was under the pointer and still is.
    expect(scale(25 * S)).toBeCloseTo(250);
  });

  it('leaves a plain wheel to scroll the page', () => {
    const { result, wheel } = renderViewWindow({ initialWindow: { startUs: 25 * S, endUs: 75 * S } });
    const event = wheel({ deltaY: 100, clientX: 250 });
    expect(event.defaultPrevented).toBe(false);
    expect(result.current.view).toEqual({ startUs: 25 * S, endUs: 75 * S });
  });

  it('pans with Shift + wheel and with a sideways swipe, by the wheel distance in pixels', () => {
    const { result, wheel } = renderViewWindow({ initialWindow: { startUs: 25 * S, endUs: 75 * S } });
    expect(wheel({ shiftKey: true, deltaY: 100 }).defaultPrevented).toBe(true);
    expect(result.current.view).toEqual({ startUs: 30 * S, endUs: 80 * S });
    wheel({ deltaX: -200, deltaY: 10 });
    expect(result.current.view).toEqual({ startUs: 20 * S, endUs: 70 * S });
  });

  it('zooms in and out one step around an anchor, never past the whole order', () => {
    const { result } = renderViewWindow();
    act(() => result.current.zoomIn(0));
    expect(result.current.view).toEqual({ startUs: 0, endUs: 50 * S });
    act(() => result.current.zoomIn());
    expect(result.current.view).toEqual({ startUs: 12.5 * S, endUs: 37.5 * S });
    act(() => result.current.zoomOut());
    act(() => result.current.zoomOut());
    act(() => result.current.zoomOut());
    expect(result.current).toMatchObject({ view: domain, zoomed: false });
  });

  it('pans by a share of the view and stops at either end of the order', () => {
    const { result } = renderViewWindow({ initialWindow: { startUs: 25 * S, endUs: 75 * S } });
    act(() => result.current.panBy(0.2));
    expect(result.current.view).toEqual({ startUs: 35 * S, endUs: 85 * S });
    act(() => result.current.panBy(10));
    expect(result.current.view).toEqual({ startUs: 50 * S, endUs: 100 * S });
    act(() => result.current.panBy(-10));
    expect(result.current.view).toEqual({ startUs: 0, endUs: 50 * S });
  });

  it('centres on a time and reveals a stretch of time, inside the order', () => {
    const { result } = renderViewWindow({ initialWindow: { startUs: 25 * S, endUs: 75 * S } });
    act(() => result.current.centreOn(60 * S));
    expect(result.current.view).toEqual({ startUs: 35 * S, endUs: 85 * S });
    act(() => result.current.centreOn(10 * S));
    expect(result.current.view).toEqual({ startUs: 0, endUs: 50 * S });
    act(() => result.current.reveal(80 * S, 81 * S));
    const { view } = result.current;
    expect(view.startUs).toBeLessThan(80 * S);
    expect(view.endUs).toBeGreaterThan(81 * S);
    expect(view.endUs - view.startUs).toBe(50 * S);
  });

  it('pans with a drag from where the drag started, once the pointer moved more than a few pixels', () => {
    const { result } = renderViewWindow({ initialWindow: { startUs: 25 * S, endUs: 75 * S } });
    const pointer = (clientX: number) => ({ clientX, button: 0, buttons: 1 });
    act(() => result.current.drag.start(pointer(500)));
    let panning = true;
    act(() => {
      panning = result.current.drag.move(pointer(498));
    });
    expect(panning).toBe(false);
    expect(result.current.view).toEqual({ startUs: 25 * S, endUs: 75 * S });
    // Dragging left by 100 px shows what is later, by a tenth of the 50 s view.
    act(() => {
      panning = result.current.drag.move(pointer(400));
    });
    expect(panning).toBe(true);
    expect(result.current.view).toEqual({ startUs: 30 * S, endUs: 80 * S });
    // Once dragging, even a small move pans.
    act(() => {
      panning = result.current.drag.move(pointer(520));
    });
    expect(panning).toBe(true);
    expect(result.current.view).toEqual({ startUs: 24 * S, endUs: 74 * S });
    expect(result.current.drag.end()).toBe(true);
    expect(result.current.drag.move(pointer(300))).toBe(false);
  });

  it('does not drag on a click, on another button, or on a move with no button held', () => {
    const { result } = renderViewWindow({ initialWindow: { startUs: 25 * S, endUs: 75 * S } });
    act(() => result.current.drag.start({ clientX: 500, button: 0, buttons: 1 }));
    expect(result.current.drag.end()).toBe(false);
    act(() => result.current.drag.start({ clientX: 500, button: 2, buttons: 2 }));
    expect(result.current.drag.move({ clientX: 300, button: 2, buttons: 1 })).toBe(false);
    act(() => result.current.drag.start({ clientX: 500, button: 0, buttons: 1 }));
    expect(result.current.drag.move({ clientX: 300, button: 0, buttons: 0 })).toBe(false);
    expect(result.current.view).toEqual({ startUs: 25 * S, endUs: 75 * S });
  });

  it('resets to the whole order, and starts over at the whole picture for another order', () => {
    const { result, rerender, initialProps } = renderViewWindow();
    act(() => result.current.zoomIn());
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ view: domain, zoomed: false });
    act(() => result.current.zoomIn());
    const other = { startUs: 200 * S, endUs: 400 * S };
    rerender({ ...initialProps, domain: other });
    expect(result.current).toMatchObject({ view: other, zoomed: false });
  });
});
