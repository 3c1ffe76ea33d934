import { parseArgs as nodeParseArgs } from 'node:util';
import { DEFAULT_CONFIG, DIRT_CLASSES, DirtClass, FAULT_KINDS, FaultRates, Mode, SimulatorConfig } from './config';
import { OrderMetrics, serveMetrics } from './metrics';
import { parseSampling } from './sampling';
import { RunSummary, Simulator } from './simulator';
import { Telemetry } from './telemetry';

const USAGE = `Order-flow simulator: the Alexandrite order lifecycle as OTLP traces and Prometheus metrics.

Usage: npm run sim -- [options]

  --mode <history|live|history+live>  what to run (default ${DEFAULT_CONFIG.mode})
  --days <n>                          history window in days (default ${DEFAULT_CONFIG.days})
  --orders-per-day <n>                orders created per day in the history (default ${DEFAULT_CONFIG.ordersPerDay})
  --end-time <ISO time|epoch ms>      end of the history window (default: now)
  --pause-at <ISO time|epoch ms>      history: stop at this time, write the truth, print "history-paused"
                                      and go on when a line arrives on stdin (tests scrape a known state)
  --rate <orders/min>                 live mode: new orders per minute (default ${DEFAULT_CONFIG.rate})
  --time-compression <factor>         live mode: waits between steps pass this many times faster (default ${DEFAULT_CONFIG.timeCompression})
  --duration <seconds>                live mode: stop after this long (default: until SIGINT/SIGTERM)
  --seed <n>                          same seed, same orders, ids, timings and faults (default ${DEFAULT_CONFIG.seed})
  --otlp-url <url>                    OTLP/HTTP base URL, spans go to <url>/v1/traces
                                      (default $OTEL_EXPORTER_OTLP_ENDPOINT or ${DEFAULT_CONFIG.otlpUrl})
  --truth <file>                      write the ground truth (JSON lines) here
  --metrics-host <host>               metrics bind address (default ${DEFAULT_CONFIG.metricsHost})
  --metrics-port <port>               metrics port, 0 = no endpoint (default ${DEFAULT_CONFIG.metricsPort})
  --serve                             keep serving metrics after a history run until a signal
  --wait-for-otlp <seconds>           wait for the OTLP endpoint to answer first (default 0: do not wait)
  --fault-<kind> <rate>               per-order probability of a failure mode, kinds:
                                      ${FAULT_KINDS.map((kind) => kind.replace(/_/g, '-')).join(', ')},
                                      plus --fault-abandon and --fault-cancel (normal outcomes)
  --fault-scale <factor>              multiply every fault rate (not abandon/cancel)
  --sampling <none|head:R|tail:R>     which traces reach the collector: head keeps each trace with
                                      probability R; tail keeps every trace that changes a status or
                                      holds an error, and R of the rest (default none: all)
  --dirty <rate>                      per-order probability of each class of dirty telemetry (default 0)
  --dirty-<class> <rate>              the same for one class, over --dirty; classes:
                                      ${DIRT_CLASSES.map((dirtClass) => dirtClass.replace(/_/g, '-')).join(', ')}
  --leaky                             instrument like a careless service: personal data (fictional)
                                      in span names, attributes, exception messages and S3 keys,
                                      listed in the truth's "leaks" (default: the reference instrumentation)
  --quiet                             no progress on stderr
  --help                              this text

Machine-readable progress goes to stdout as one JSON object per line
({"event":"metrics-listening"|"history-paused"|"history-complete"|"live-started"|"stopped", ...});
logs go to stderr.
`;

class UsageError extends Error {}

function parseNumber(name: string, value: string | undefined, min: number): number {
  const number = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(number) || number < min) {
    throw new UsageError(`--${name} needs a number ≥ ${min}, got ${value === undefined ? 'nothing' : `"${value}"`}`);
  }
  return number;
}

function parseRate(name: string, value: string | undefined): number {
  const rate = parseNumber(name, value, 0);
  if (rate > 1) {
    throw new UsageError(`--${name} is a probability from 0 to 1, got "${value ?? ''}"`);
  }
  return rate;
}

function parseTime(value: string | undefined): number {
  const parsed = value !== undefined && /^\d+$/.test(value) ? Number(value) : Date.parse(value ?? '');
  if (!Number.isFinite(parsed)) {
    throw new UsageError(`--end-time needs an ISO time or epoch milliseconds, got "${value ?? ''}"`);
  }
  return parsed;
}

/** Every rate `--fault-<kind>` sets: the faults plus the two normal outcomes. */
const RATE_KINDS: ReadonlyArray<keyof FaultRates> = [...FAULT_KINDS, 'abandon', 'cancel'];

/**
 * Each `_` of a kind may be written `-` or `_`, so a kind copied from the truth file
 * (`--fault-dead_letter`) works as well as the documented `--fault-dead-letter`.
 */
function spellings(kind: string): string[] {
  const [first = '', ...rest] = kind.split('_');
  return rest.reduce((prefixes, word) => prefixes.flatMap((prefix) => [`${prefix}-${word}`, `${prefix}_${word}`]), [first]);
}

/** `--fault-…` option name → the rate it sets. */
const FAULT_OPTIONS = new Map<string, keyof FaultRates>(RATE_KINDS.flatMap((kind) => spellings(kind).map((spelling) => [`fault-${spelling}`, kind] as const)));

/** `--dirty-…` option name → the class it sets. */
const DIRT_OPTIONS = new Map<string, DirtClass>(DIRT_CLASSES.flatMap((dirtClass) => spellings(dirtClass).map((spelling) => [`dirty-${spelling}`, dirtClass] as const)));

const VALUE = { type: 'string' } as const;
const FLAG = { type: 'boolean' } as const;
const OPTIONS: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
  help: { ...FLAG, short: 'h' },
  mode: VALUE,
  days: VALUE,
  'orders-per-day': VALUE,
  'end-time': VALUE,
  'pause-at': VALUE,
  rate: VALUE,
  'time-compression': VALUE,
  duration: VALUE,
  seed: VALUE,
  'otlp-url': VALUE,
  truth: VALUE,
  'metrics-host': VALUE,
  'metrics-port': VALUE,
  serve: FLAG,
  'wait-for-otlp': VALUE,
  quiet: FLAG,
  'fault-scale': VALUE,
  sampling: VALUE,
  dirty: VALUE,
  leaky: FLAG,
  ...Object.fromEntries([...FAULT_OPTIONS.keys(), ...DIRT_OPTIONS.keys()].map((name) => [name, VALUE])),
};

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): SimulatorConfig | 'help' {
  const config: SimulatorConfig = { ...DEFAULT_CONFIG, faults: { ...DEFAULT_CONFIG.faults } };
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    config.otlpUrl = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  }
  let scale = 1;
  let dirty = 0;
  const dirtyClasses = new Map<DirtClass, number>();
  // Not strict: its messages would replace ours, and a value may start with a dash (`--days -1` is
  // "needs a number ≥ 0", not a missing value). Tokens, not values: options apply in command-line
  // order, so the first bad one is reported and a repeated one takes its last value.
  const { tokens } = nodeParseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    const arg = argv[token.index] ?? '';
    // A token split out of a short group (`-hx`) or an option nobody declared is reported as typed.
    if (token.kind !== 'option' || !Object.hasOwn(OPTIONS, token.name) || arg.split('=')[0] !== token.rawName) {
      throw new UsageError(`unknown option ${arg} (see --help)`);
    }
    const { name, value } = token;
    switch (name) {
      case 'help':
        return 'help';
      case 'mode':
        if (value !== 'history' && value !== 'live' && value !== 'history+live') {
          throw new UsageError(`--mode must be history, live or history+live, got "${value ?? ''}"`);
        }
        config.mode = value satisfies Mode;
        break;
      case 'days':
        config.days = parseNumber(name, value, 0);
        break;
      case 'orders-per-day':
        config.ordersPerDay = parseNumber(name, value, 0);
        break;
      case 'end-time':
        config.endTimeMs = parseTime(value);
        break;
      case 'pause-at':
        config.pauseAtMs = parseTime(value);
        break;
      case 'rate':
        config.rate = parseNumber(name, value, 0);
        break;
      case 'time-compression':
        config.timeCompression = parseNumber(name, value, 1);
        break;
      case 'duration':
        config.durationSeconds = parseNumber(name, value, 0);
        break;
      case 'seed':
        config.seed = Math.floor(parseNumber(name, value, 0));
        break;
      case 'otlp-url':
        config.otlpUrl = value ?? '';
        break;
      case 'truth':
        config.truthFile = value;
        break;
      case 'metrics-host':
        config.metricsHost = value ?? '';
        break;
      case 'metrics-port':
        config.metricsPort = Math.floor(parseNumber(name, value, 0));
        break;
      case 'serve':
        config.serve = true;
        break;
      case 'wait-for-otlp':
        config.waitForOtlpSeconds = parseNumber(name, value, 0);
        break;
      case 'quiet':
        config.quiet = true;
        break;
      case 'fault-scale':
        scale = parseNumber(name, value, 0);
        break;
      case 'sampling': {
        const sampling = parseSampling(value ?? '');
        if (!sampling) {
          throw new UsageError(`--sampling must be none, head:<ratio> or tail:<ratio> with a ratio from 0 to 1, got "${value ?? ''}"`);
        }
        config.sampling = sampling;
        break;
      }
      case 'dirty':
        dirty = parseRate(name, value);
        break;
      case 'leaky':
        if (value !== undefined) {
          throw new UsageError(`--leaky is a switch and takes no value, got "${arg}"`);
        }
        config.leaky = true;
        break;
      default: {
        const dirtClass = DIRT_OPTIONS.get(name);
        if (dirtClass !== undefined) {
          dirtyClasses.set(dirtClass, parseRate(name, value));
          break;
        }
        const kind = FAULT_OPTIONS.get(name);
        if (kind === undefined) {
          throw new UsageError(`unknown option ${arg} (see --help)`);
        }
        config.faults[kind] = parseNumber(name, value, 0);
      }
    }
  }
  for (const kind of FAULT_KINDS) {
    config.faults[kind] = Math.min(1, config.faults[kind] * scale);
  }
  config.dirt = { ...config.dirt };
  for (const dirtClass of DIRT_CLASSES) {
    config.dirt[dirtClass] = dirtyClasses.get(dirtClass) ?? dirty;
  }
  const exclusive = ['abandon', 'cancel', 'lost_message', 'dead_letter', 'missing_file', 'corrupt_file', 'operator_never_picks_up', 'status_event_lost'] as const;
  const sum = exclusive.reduce((total, kind) => total + config.faults[kind], 0);
  if (sum > 1) {
    throw new UsageError(`the order-ending rates (abandon, cancel, and the faults except slow-price-calculation and api-error) add up to ${sum.toFixed(2)} > 1`);
  }
  if (!/^https?:\/\/[^/]+/.test(config.otlpUrl)) {
    throw new UsageError(`--otlp-url must be an http(s) URL, got "${config.otlpUrl}"`);
  }
  if (config.truthFile === '') {
    throw new UsageError('--truth needs a file name');
  }
  return config;
}

/** Any HTTP answer from `<url>/v1/traces` means the receiver is up (an empty body may be refused). */
async function waitForOtlp(otlpUrl: string, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const url = `${otlpUrl.replace(/\/+$/, '')}/v1/traces`;
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    try {
      await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000) });
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (attempt === 1) {
        log(`waiting for the OTLP endpoint ${url} …`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  throw new Error(`the OTLP endpoint ${url} did not answer within ${timeoutMs / 1000} s (${lastError})`);
}

/** Resolves at the next line on stdin (or when stdin ends, so a closed pipe never hangs the run). */
function nextStdinLine(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.stdin.off('data', onData);
      process.stdin.off('end', done);
      process.stdin.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      if (chunk.includes(0x0a)) {
        done();
      }
    };
    process.stdin.on('data', onData);
    process.stdin.once('end', done);
    process.stdin.resume();
  });
}

function event(name: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ event: name, ...fields })}\n`);
}

async function main(): Promise<void> {
  let parsed: SimulatorConfig | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`simulator: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const config = parsed;
  const log = (message: string) => {
    if (!config.quiet) {
      process.stderr.write(`[simulator] ${message}\n`);
    }
  };

  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const telemetry = new Telemetry({ otlpUrl: config.otlpUrl, seed: config.seed, batchSize: config.exportBatchSize });
  let simulator: Simulator | undefined;
  const metrics = new OrderMetrics(() => (simulator ? simulator.truths() : []));
  simulator = new Simulator(config, telemetry, metrics, log);
  const server = config.metricsPort > 0 ? await serveMetrics(metrics, config.metricsHost, config.metricsPort) : undefined;
  if (server) {
    event('metrics-listening', { host: config.metricsHost, port: config.metricsPort });
    log(`metrics on http://${config.metricsHost}:${config.metricsPort}/metrics`);
  }

  if (config.waitForOtlpSeconds > 0) {
    await waitForOtlp(config.otlpUrl, config.waitForOtlpSeconds * 1000, log);
  }

  if (config.mode !== 'live') {
    const endMs = config.endTimeMs ?? Date.now();
    log(`history: ${config.days} days × ${config.ordersPerDay} orders/day up to ${new Date(endMs).toISOString()}, seed ${config.seed}, OTLP ${config.otlpUrl}`);
    if (config.pauseAtMs !== undefined && !(config.pauseAtMs > endMs - config.days * 86_400_000 && config.pauseAtMs < endMs)) {
      throw new UsageError(`--pause-at must fall inside the history window (${config.days} days up to ${new Date(endMs).toISOString()})`);
    }
    const pause =
      config.pauseAtMs !== undefined
        ? {
            atMs: config.pauseAtMs,
            wait: async (paused: RunSummary) => {
              event('history-paused', { ...paused, truthFile: config.truthFile ?? null, pauseAtMs: config.pauseAtMs });
              log(`history paused at ${new Date(config.pauseAtMs ?? 0).toISOString()}: waiting for a line on stdin`);
              await nextStdinLine();
            },
          }
        : undefined;
    const summary = await simulator.runHistory(endMs, pause);
    if (summary.failed > 0) {
      const lastError = telemetry.stats().lastError ?? 'unknown error';
      process.stderr.write(`simulator: ${summary.failed} of ${summary.spans} spans were not accepted by ${config.otlpUrl}: ${lastError}\n`);
      event('export-failed', { ...summary, error: lastError });
      await telemetry.shutdown().catch(() => undefined);
      server?.close();
      process.exit(1);
    }
    event('history-complete', { ...summary, truthFile: config.truthFile ?? null, endMs });
    log(`history done: ${summary.orders} orders, ${summary.spans} spans (${summary.accepted} accepted) in ${summary.elapsedMs} ms; faults ${JSON.stringify(summary.faults)}`);
  }

  if (config.mode !== 'history') {
    const liveStart = Date.now();
    const limitMs = config.durationSeconds * 1000;
    event('live-started', { rate: config.rate, timeCompression: config.timeCompression });
    log(`live: ${config.rate} orders/min, time compression ×${config.timeCompression}`);
    const summary = await simulator.runLive(() => stopping || (limitMs > 0 && Date.now() - liveStart >= limitMs));
    log(`live stopped: ${summary.orders} orders so far, ${summary.spans} spans`);
  } else if (config.serve && server) {
    log('serving metrics until SIGINT/SIGTERM');
    while (!stopping) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  await telemetry.shutdown();
  server?.close();
  event('stopped', { spans: simulator.spansEmitted });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
