import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts, startProcess, waitUntil } from './processes';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The project's cache folder (see scripts/setup.sh): `ORDERTRACKER_CACHE` or ~/.cache/ordertracker. */
export function cacheDir(): string {
  return process.env.ORDERTRACKER_CACHE || join(homedir(), '.cache', 'ordertracker');
}

/** Where scripts/setup.sh puts its Jaeger builds: `<folder>/<name>/jaeger`, one folder a version. */
export function jaegerCacheDir(): string {
  return join(cacheDir(), 'jaeger');
}

/** One Jaeger build: its name (`main`, `v2.20.0`, `v2.12.0`, `v1.75.0`) and binary. */
export interface JaegerBinary {
  name: string;
  binary: string;
}

/**
 * Orders version names newest first: `main` (upstream main, newer than any release) before
 * releases, releases by version number, anything else last by name.
 */
function compareJaegerNames(a: string, b: string): number {
  const rank = (name: string): number[] => {
    if (name === 'main') {
      return [2];
    }
    const version = /^v(\d+)\.(\d+)\.(\d+)$/.exec(name);
    return version ? [1, Number(version[1]), Number(version[2]), Number(version[3])] : [0];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const diff = (rb[i] ?? 0) - (ra[i] ?? 0);
    if (diff !== 0) {
      return diff;
    }
  }
  return a.localeCompare(b);
}

/**
 * The Jaeger builds scripts/setup.sh made on this machine, newest first (main, v2.20.0, v2.12.0,
 * v1.75.0; v2.20.0 and main only where their source archives were present).
 */
export function availableJaegers(): JaegerBinary[] {
  const dir = jaegerCacheDir();
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return names
    .filter((name) => existsSync(join(dir, name, 'jaeger')))
    .sort(compareJaegerNames)
    .map((name) => ({ name, binary: join(dir, name, 'jaeger') }));
}

/**
 * The Jaeger a test run starts when it names none: `JAEGER_BIN` if set (named `JAEGER_BIN`), else
 * the build named by `ORDERTRACKER_JAEGER_VERSION`, else the newest available build.
 */
export function defaultJaeger(): JaegerBinary {
  const fromEnv = process.env.JAEGER_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`JAEGER_BIN=${fromEnv} does not exist.`);
    }
    return { name: 'JAEGER_BIN', binary: fromEnv };
  }
  const wanted = process.env.ORDERTRACKER_JAEGER_VERSION;
  return wanted ? jaegerByName(wanted) : newestJaeger();
}

function newestJaeger(): JaegerBinary {
  const [newest] = availableJaegers();
  if (!newest) {
    throw new Error(`No Jaeger build found in ${jaegerCacheDir()}. Run scripts/setup.sh, or set JAEGER_BIN.`);
  }
  return newest;
}

function jaegerByName(name: string): JaegerBinary {
  const available = availableJaegers();
  const found = available.find((jaeger) => jaeger.name === name);
  if (!found) {
    const names = available.map((jaeger) => jaeger.name).join(', ') || 'none';
    throw new Error(`No Jaeger ${name} in ${jaegerCacheDir()} (available: ${names}). Run scripts/setup.sh.`);
  }
  return found;
}

/** The binary of the default Jaeger (see defaultJaeger). */
export function findJaegerBinary(): string {
  return defaultJaeger().binary;
}

export interface ScrapeTarget {
  job: string;
  /** host:port on 127.0.0.1 */
  target: string;
}

export interface Backends {
  jaeger: {
    /** Base URL of the query API: `${queryUrl}/api/traces` is what Grafana's proxy forwards to. */
    queryUrl: string;
    /** Which build runs (`main`, `v2.20.0`, `v2.12.0`, or `JAEGER_BIN`). */
    version: string;
    binary: string;
    otlpHttpUrl: string;
    spanmetricsTarget: string;
    pid: number;
  };
  prometheus: { url: string; pid: number };
  workDir: string;
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** Extra Prometheus scrape targets (the simulator's metrics endpoint, for example). */
  scrapeTargets?: ScrapeTarget[];
  scrapeIntervalSeconds?: number;
  /** Keep the working folder (logs, Prometheus data) after stop. */
  keepWorkDir?: boolean;
  /** Which Jaeger build to start (a name from availableJaegers); default: defaultJaeger(). */
  jaegerVersion?: string;
}

export function findPrometheusBinary(): string {
  const candidates = [process.env.PROMETHEUS_BIN, '/usr/bin/prometheus'].filter((path): path is string => !!path);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Prometheus binary found. Run scripts/setup.sh (apt package "prometheus"), or set PROMETHEUS_BIN.'
    );
  }
  return found;
}

export interface JaegerInstance {
  /** Base URL of the query API: `${queryUrl}/api/traces` is what Grafana's proxy forwards to. */
  queryUrl: string;
  /** Which build runs (`main`, `v2.20.0`, `v2.12.0`, or `JAEGER_BIN`). */
  version: string;
  binary: string;
  otlpHttpUrl: string;
  spanmetricsTarget: string;
  pid: number;
  stop(): Promise<void>;
}

export interface JaegerOptions {
  /** A build name from availableJaegers() (`main`, `v2.20.0`, `v2.12.0`); default: defaultJaeger(). */
  version?: string;
  /** Or a binary to run as is (`version` then only names it). */
  binary?: string;
  /**
   * A configuration in deploy/jaeger/ other than config.yaml (`config.sampling.yaml`: tail
   * sampling as the demo runs it), and environment for its settings (`JAEGER_SAMPLING_PERCENTAGE`).
   */
  config?: { file: string; env?: Record<string, string> };
}

function resolveJaeger(options: JaegerOptions): JaegerBinary {
  if (options.binary) {
    return { name: options.version ?? options.binary, binary: options.binary };
  }
  return options.version ? jaegerByName(options.version) : defaultJaeger();
}

/** Builds named v1.* are Jaeger v1 all-in-ones (the last v1 line), not Jaeger v2. */
export function isJaegerV1(name: string): boolean {
  return /^v1\./.test(name);
}

/**
 * Starts one real Jaeger (v2: in-memory, with spanmetrics; v1 all-in-one: in-memory) on free 127.0.0.1 ports, logging into
 * `workDir`, and waits until its query API and OTLP receiver answer. Every build takes the same
 * deploy/jaeger/config.yaml (or the file `options.config` names). Readiness is asked of `/api/v3/services`, which every version serves
 * (main no longer serves `/api/services`).
 */
export async function startJaeger(
  workDir: string,
  name = 'jaeger',
  options: JaegerOptions = {}
): Promise<JaegerInstance> {
  const build = resolveJaeger(options);
  const [otlpHttp, otlpGrpc, query, queryGrpc, health, spanmetrics, collectorGrpc, collectorHttp] = await freePorts(8);
  const log = join(workDir, `${name}.log`);
  const configFile = join(REPO_ROOT, 'deploy', 'jaeger', options.config?.file ?? 'config.yaml');
  if (isJaegerV1(build.name) && options.config) {
    throw new Error(`Jaeger ${build.name} is a v1 all-in-one: it takes flags, not ${options.config.file}.`);
  }
  // Jaeger v1's all-in-one takes flags (in-memory storage by default, no span metrics); v2 its configuration file.
  const host = (port: number) => `127.0.0.1:${port}`;
  const args = isJaegerV1(build.name)
    ? [
        `--memory.max-traces=${process.env.JAEGER_MAX_TRACES ?? 500_000}`,
        `--query.http-server.host-port=${host(query)}`,
        `--query.grpc-server.host-port=${host(queryGrpc)}`,
        `--collector.otlp.http.host-port=${host(otlpHttp)}`,
        `--collector.otlp.grpc.host-port=${host(otlpGrpc)}`,
        `--collector.grpc-server.host-port=${host(collectorGrpc)}`,
        `--collector.http-server.host-port=${host(collectorHttp)}`,
        `--admin.http.host-port=${host(health)}`,
      ]
    : ['--config', configFile];
  const jaeger = startProcess(name, build.binary, args, {
    logFile: log,
    env: {
      ...options.config?.env,
      JAEGER_HOST: '127.0.0.1',
      JAEGER_OTLP_HTTP_PORT: String(otlpHttp),
      JAEGER_OTLP_GRPC_PORT: String(otlpGrpc),
      JAEGER_QUERY_PORT: String(query),
      JAEGER_QUERY_GRPC_PORT: String(queryGrpc),
      JAEGER_HEALTH_PORT: String(health),
      JAEGER_SPANMETRICS_PORT: String(spanmetrics),
    },
  });
  const queryUrl = `http://127.0.0.1:${query}`;
  const otlpHttpUrl = `http://127.0.0.1:${otlpHttp}`;
  try {
    await Promise.all([
      waitUntil(
        `${name} (Jaeger ${build.name}) query API`,
        async () => (await fetch(`${queryUrl}/api/v3/services`)).ok,
        {
          timeoutMs: 30_000,
          process: jaeger,
          logTail: () => tail(log),
        }
      ),
      waitUntil(
        `${name} (Jaeger ${build.name}) OTLP receiver`,
        async () =>
          (
            await fetch(`${otlpHttpUrl}/v1/traces`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{}',
            })
          ).status < 500,
        { timeoutMs: 30_000, process: jaeger, logTail: () => tail(log) }
      ),
    ]);
  } catch (error) {
    await jaeger.stop();
    throw error;
  }
  return {
    queryUrl,
    otlpHttpUrl,
    spanmetricsTarget: `127.0.0.1:${spanmetrics}`,
    version: build.name,
    binary: build.binary,
    pid: jaeger.pid,
    stop: () => jaeger.stop(),
  };
}

/** Starts a real Jaeger v2 (in-memory, with spanmetrics) and a real Prometheus on 127.0.0.1. */
export async function startBackends(options: BackendOptions = {}): Promise<Backends> {
  const workDir = mkdtempSync(join(tmpdir(), 'ordertracker-backends-'));
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    await Promise.all(stoppers.map((stop) => stop()));
    if (!options.keepWorkDir) {
      rmSync(workDir, { recursive: true, force: true });
    }
  };

  try {
    // Prometheus scrapes Jaeger's spanmetrics port, so Jaeger comes first (about 100 ms).
    const jaeger = await startJaeger(workDir, 'jaeger', { version: options.jaegerVersion });
    stoppers.push(jaeger.stop);
    const [prometheusPort] = await freePorts(1);
    const prometheusDir = join(workDir, 'prometheus');
    const prometheusConfig = join(workDir, 'prometheus.yml');
    const prometheusLog = join(workDir, 'prometheus.log');
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    writeFileSync(
      prometheusConfig,
      prometheusYaml(
        [{ job: 'jaeger-spanmetrics', target: jaeger.spanmetricsTarget }, ...(options.scrapeTargets ?? [])],
        options.scrapeIntervalSeconds ?? 1
      )
    );
    const prometheus = startProcess(
      'prometheus',
      findPrometheusBinary(),
      [
        `--config.file=${prometheusConfig}`,
        `--storage.tsdb.path=${prometheusDir}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        '--web.enable-lifecycle',
        // Exemplars (trace ids on the duration histograms) are kept only with this feature.
        '--enable-feature=exemplar-storage',
      ],
      { logFile: prometheusLog }
    );
    stoppers.push(() => prometheus.stop());
    await waitUntil('Prometheus', async () => (await fetch(`${prometheusUrl}/-/ready`)).ok, {
      timeoutMs: 30_000,
      process: prometheus,
      logTail: () => tail(prometheusLog),
    });

    return {
      jaeger: {
        queryUrl: jaeger.queryUrl,
        version: jaeger.version,
        binary: jaeger.binary,
        otlpHttpUrl: jaeger.otlpHttpUrl,
        spanmetricsTarget: jaeger.spanmetricsTarget,
        pid: jaeger.pid,
      },
      prometheus: { url: prometheusUrl, pid: prometheus.pid },
      workDir,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function prometheusYaml(targets: ScrapeTarget[], intervalSeconds: number): string {
  const jobs = targets
    .map(
      (target) =>
        `  - job_name: ${JSON.stringify(target.job)}\n    static_configs:\n      - targets: [${JSON.stringify(target.target)}]`
    )
    .join('\n');
  return `global:\n  scrape_interval: ${intervalSeconds}s\n  evaluation_interval: ${intervalSeconds}s\nscrape_configs:\n${jobs}\n`;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
