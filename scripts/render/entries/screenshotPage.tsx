// What every screenshot entry shares: the theme and width from the page's query, the element the
// renderer captures, and the signal that painting is done.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, GrafanaTheme2, ThemeContext } from '@grafana/data';

export const query = new URLSearchParams(window.location.search);
export const theme: GrafanaTheme2 = createTheme({ colors: { mode: query.get('theme') === 'dark' ? 'dark' : 'light' } });

/** The captured width in pixels, less the frame's padding. */
export function contentWidth(defaultWidth: number): number {
  return Number(query.get('width') ?? defaultWidth) - 48;
}

/** The element `render.ts` screenshots, in the theme's colours. */
export function ScreenshotFrame({
  width,
  column,
  children,
}: {
  width: number;
  column?: boolean;
  children: React.ReactNode;
}) {
  return (
    <ThemeContext.Provider value={theme}>
      <div
        data-screenshot
        style={{
          padding: 24,
          width,
          ...(column ? { display: 'flex', flexDirection: 'column', gap: 16 } : {}),
          background: theme.colors.background.primary,
          color: theme.colors.text.primary,
        }}
      >
        {children}
      </div>
    </ThemeContext.Provider>
  );
}

/** Mounts the page and, two frames later (React commits, the canvas paints), tells the renderer. */
export function renderScreenshot(page: React.ReactElement): void {
  createRoot(document.getElementById('root') as HTMLElement).render(page);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => ((window as unknown as { renderDone: boolean }).renderDone = true))
  );
}
