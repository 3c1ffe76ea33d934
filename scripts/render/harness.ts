/**
 * A tiny harness that shows a React component in a real browser without Grafana: esbuild bundles
 * an entry `.tsx` (which renders the component with recorded data and sets `window.renderDone`),
 * a throwaway HTTP server on 127.0.0.1 serves it, and headless Chromium (playwright-core) opens it.
 *
 * Entries read options from the page's query string (`?theme=dark&width=1400`) and may publish
 * results on `window.renderResult` (benchmarks do).
 */
import { build } from 'esbuild';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

const REPO_ROOT = resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.css': 'empty', '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.png': 'empty', '.gif': 'empty' },
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

function page(script: string, background: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>render</title>
<style>html,body{margin:0;padding:0;background:${background};font-family:Inter,Helvetica,Arial,sans-serif}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}</style>
</head><body><div id="root"></div><script>${script.replace(/<\/script/g, '<\\/script')}</script></body></html>`;
}

export interface Harness {
  url: string;
  browser: Browser;
  open(query: Record<string, string>, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Bundles the entry, serves it on 127.0.0.1 (a port the OS picks) and starts Chromium. */
export async function startHarness(entry: string): Promise<Harness> {
  const script = await bundle(entry);
  const server: Server = createServer((request, response) => {
    const dark = (request.url ?? '').includes('theme=dark');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page(script, dark ? '#111217' : '#ffffff'));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    url,
    browser,
    async open(query, viewport = { width: 1440, height: 900 }) {
      const tab = await browser.newPage({ viewport, deviceScaleFactor: 1 });
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(`${url}?${new URLSearchParams(query).toString()}`);
      await tab.waitForFunction(() => (window as unknown as { renderDone?: boolean }).renderDone === true, undefined, {
        timeout: 120_000,
      }).catch((error: unknown) => {
        throw new Error(`the page did not finish rendering${errors.length ? `: ${errors.join('; ')}` : ''} (${String(error)})`);
      });
      return tab;
    },
    async close() {
      await browser.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
