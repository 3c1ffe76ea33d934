import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts, startProcess, waitUntil } from './processes';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** Where the project's setup script caches the Jaeger build (see scripts/setup.sh). */
export const JAEGER_CACHE_BINARY = join(homedir(), '.cache', 'ordertracker', 'jaeger-bin', 'jaeger');

export interface ScrapeTarget {
  job: string;
  /** host:port on 127.0.0.1 */
  target: string;
}

export interface Backends {
  jaeger: {
    /** Base URL of the query API: `${queryUrl}/api/traces` is what Grafana's proxy forwards to. */
    queryUrl: string;
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
}

export function findJaegerBinary(): string {
  const candidates = [process.env.JAEGER_BIN, JAEGER_CACHE_BINARY].filter((path): path is string => !!path);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `No Jaeger binary found (looked at ${candidates.join(', ')}). Run scripts/setup.sh, or set JAEGER_BIN.`
    );
  }
  return found;
}

export function findPrometheusBinary(): string {
  const candidates = [process.env.PROMETHEUS_BIN, '/usr/bin/prometheus'].filter((path): path is string => !!path);
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error('No Prometheus binary found. Run scripts/setup.sh (apt package "prometheus"), or set PROMETHEUS_BIN.');
  }
  return found;
}

export interface JaegerInstance {
  /** Base URL of the query API: `${queryUrl}/api/traces` is what Grafana's proxy forwards to. */
  queryUrl: string;
  otlpHttpUrl: string;
  spanmetricsTarget: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts one real Jaeger v2 (in-memory, with spanmetrics) on free 127.0.0.1 ports, logging into
 * `workDir`, and waits until its query API and OTLP receiver answer.
 */
export async function startJaeger(workDir: string, name = 'jaeger'): Promise<JaegerInstance> {
  const [otlpHttp, otlpGrpc, query, queryGrpc, health, spanmetrics] = await freePorts(6);
  const log = join(workDir, `${name}.log`);
  const jaeger = startProcess(name, findJaegerBinary(), ['--config', join(REPO_ROOT, 'deploy', 'jaeger', 'config.yaml')], {
    logFile: log,
    env: {
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
      waitUntil(`${name} query API`, async () => (await fetch(`${queryUrl}/api/services`)).ok, {
        timeoutMs: 30_000,
        process: jaeger,
        logTail: () => tail(log),
      }),
      waitUntil(
        `${name} OTLP receiver`,
        async () => (await fetch(`${otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status < 500,
        { timeoutMs: 30_000, process: jaeger, logTail: () => tail(log) }
      ),
    ]);
  } catch (error) {
    await jaeger.stop();
    throw error;
  }
  return { queryUrl, otlpHttpUrl, spanmetricsTarget: `127.0.0.1:${spanmetrics}`, pid: jaeger.pid, stop: () => jaeger.stop() };
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
    const jaeger = await startJaeger(workDir);
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
      jaeger: { queryUrl: jaeger.queryUrl, otlpHttpUrl: jaeger.otlpHttpUrl, spanmetricsTarget: jaeger.spanmetricsTarget, pid: jaeger.pid },
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
    .map((target) => `  - job_name: ${JSON.stringify(target.job)}\n    static_configs:\n      - targets: [${JSON.stringify(target.target)}]`)
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
