import { useEffect, useState } from 'react';

/** Width of the container, following resizes. */
export function useWidth(enabled: boolean): [number | undefined, (node: HTMLElement | null) => void] {
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
