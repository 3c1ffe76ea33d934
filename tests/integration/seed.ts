import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OrderTruth } from '../../simulator/src/truth';

export type { OrderTruth } from '../../simulator/src/truth';

const REPO_ROOT = resolve(__dirname, '..', '..');
export const SIMULATOR_DIR = join(REPO_ROOT, 'simulator');

/**
 * The fixed history the integration tests run against: a few hundred orders over a week (long enough for some to close), every
 * failure mode several times (the rates are 2.5 × the demo defaults).
 */
export const SEEDED_HISTORY = { days: 7, ordersPerDay: 45, faultScale: 2.5 } as const;

const HISTORY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 5_000;

export interface SeededSimulator {
  /** Stops the simulator (its metrics endpoint goes with it), by PID. */
  stop(): Promise<void>;
  orders: number;
  spans: number;
}

interface SimulatorEvent {
  event: string;
  orders?: number;
  spans?: number;
  accepted?: number;
  failed?: number;
  error?: string;
}

/** The tsx loader that runs the simulator's TypeScript in a child Node.js. */
export function tsxLoader(): string {
  const candidates = [join(SIMULATOR_DIR, 'node_modules', 'tsx', 'dist', 'loader.mjs'), join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error('tsx is not installed: run `npm ci` at the root and `npm ci --prefix simulator`.');
  }
  return pathToFileURL(found).href;
}

/**
 * Runs the simulator's history mode with the seeded configuration against the given OTLP endpoint,
 * waits until every span was accepted and the truth file is complete, and leaves the simulator
 * serving its metrics on 127.0.0.1:`metricsPort` until `stop()`.
 */
export async function startSeededSimulator(options: {
  otlpHttpUrl: string;
  metricsPort: number;
  truthFile: string;
  seed: number;
  /**
   * Stop the history at `atMs`, copy the truth of that moment to `truthFile`, run `whilePaused`
   * (let Prometheus scrape that state), then let the rest of the history follow.
   */
  pause?: { atMs: number; truthFile: string; whilePaused: () => Promise<void> };
  /** Another history than the seeded one (a smaller world for tests that seed several Jaegers). */
  history?: { days: number; ordersPerDay: number; faultScale: number };
  /** Where the history ends (epoch ms; default now): the same end gives the same spans. */
  endTimeMs?: number;
  /** How long the history may take (default 120 s; a benchmark's 20 000 orders take about a minute). */
  historyTimeoutMs?: number;
  /** More simulator options (`--dirty 0.05`, `--sampling tail:0.1`, …), after the seeded ones. */
  extraArgs?: string[];
}): Promise<SeededSimulator> {
  const history = options.history ?? SEEDED_HISTORY;
  if (!existsSync(join(SIMULATOR_DIR, 'node_modules', '@opentelemetry', 'sdk-trace-base'))) {
    throw new Error('the simulator\'s dependencies are missing: run `npm ci --prefix simulator`.');
  }
  const args = [
    '--import',
    tsxLoader(),
    join(SIMULATOR_DIR, 'src', 'cli.ts'),
    '--mode',
    'history',
    '--serve',
    '--quiet',
    '--days',
    String(history.days),
    '--orders-per-day',
    String(history.ordersPerDay),
    '--fault-scale',
    String(history.faultScale),
    ...(options.endTimeMs !== undefined ? ['--end-time', String(options.endTimeMs)] : []),
    '--seed',
    String(options.seed),
    '--otlp-url',
    options.otlpHttpUrl,
    '--truth',
    options.truthFile,
    '--metrics-host',
    '127.0.0.1',
    '--metrics-port',
    String(options.metricsPort),
    ...(options.pause ? ['--pause-at', String(options.pause.atMs)] : []),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: SIMULATOR_DIR, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    throw new Error('the simulator did not start');
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(null));
  });
  const fail = async (message: string): Promise<never> => {
    await stopChild(child, exited);
    throw new Error(`${message}\n--- simulator stderr ---\n${stderr.trim() || '(empty)'}`);
  };

  const complete = await new Promise<SimulatorEvent | string>((resolveEvent) => {
    let buffered = '';
    const timeoutMs = options.historyTimeoutMs ?? HISTORY_TIMEOUT_MS;
    const timer = setTimeout(() => resolveEvent(`the simulator's history did not complete within ${timeoutMs / 1000} s`), timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        const event = parseEvent(line);
        const { pause } = options;
        if (event?.event === 'history-paused' && pause) {
          copyFileSync(options.truthFile, pause.truthFile);
          pause
            .whilePaused()
            .then(() => child.stdin?.write('\n'))
            .catch((error: unknown) => {
              clearTimeout(timer);
              resolveEvent(`while the history was paused: ${error instanceof Error ? error.message : String(error)}`);
            });
        }
        if (event?.event === 'history-complete' || event?.event === 'export-failed') {
          clearTimeout(timer);
          resolveEvent(event);
        }
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      resolveEvent(`the simulator exited with code ${String(code)} before its history was complete`);
    });
  });
  if (typeof complete === 'string') {
    return fail(complete);
  }
  if (complete.event !== 'history-complete' || !complete.orders || !complete.spans) {
    return fail(`the simulator could not export its spans to ${options.otlpHttpUrl}: ${complete.error ?? JSON.stringify(complete)}`);
  }
  if (complete.accepted !== complete.spans || complete.failed) {
    return fail(`only ${String(complete.accepted)} of ${complete.spans} spans were accepted by ${options.otlpHttpUrl}`);
  }
  const truthLines = existsSync(options.truthFile) ? readTruth(options.truthFile).length : 0;
  if (truthLines !== complete.orders) {
    return fail(`the truth file ${options.truthFile} has ${truthLines} orders, the simulator reported ${complete.orders}`);
  }
  const metricsOk = await fetch(`http://127.0.0.1:${options.metricsPort}/metrics`)
    .then((response) => response.ok)
    .catch(() => false);
  if (!metricsOk) {
    return fail(`the simulator's metrics endpoint 127.0.0.1:${options.metricsPort} does not answer`);
  }
  return {
    orders: complete.orders,
    spans: complete.spans,
    stop: () => stopChild(child, exited),
  };
}

function parseEvent(line: string): SimulatorEvent | undefined {
  if (!line.startsWith('{')) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'event' in value ? (value as SimulatorEvent) : undefined;
  } catch {
    return undefined;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout(false), STOP_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** The ground truth a simulator run wrote: one order per line. */
export function readTruth(file: string): OrderTruth[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OrderTruth);
}
