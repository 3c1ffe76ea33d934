const OUTSIDE_THE_RUN =
  'Integration tests run with `npm run test:integration`, which starts Jaeger and Prometheus and seeds them first.';

/**
 * The URLs globalSetup exported for this run; a clear error when a test runs outside it. This Jaeger
 * holds the seeded history only: tests never write to it (see scratchJaeger).
 */
export function integrationEnv(): {
  jaegerUrl: string;
  prometheusUrl: string;
  truthFile: string;
  /** The truth when the history paused a day before its end (Prometheus scraped that state). */
  truthAtPauseFile: string;
  /** When the history went on after the pause (epoch ms). */
  resumedAtMs: number;
} {
  const jaegerUrl = process.env.ORDERTRACKER_JAEGER_URL;
  const prometheusUrl = process.env.ORDERTRACKER_PROM_URL;
  const truthFile = process.env.ORDERTRACKER_TRUTH_FILE;
  const truthAtPauseFile = process.env.ORDERTRACKER_TRUTH_AT_PAUSE_FILE;
  const resumedAtMs = Number(process.env.ORDERTRACKER_RESUMED_AT_MS);
  if (!jaegerUrl || !prometheusUrl || !truthFile || !truthAtPauseFile || !Number.isFinite(resumedAtMs)) {
    throw new Error(OUTSIDE_THE_RUN);
  }
  return { jaegerUrl, prometheusUrl, truthFile, truthAtPauseFile, resumedAtMs };
}

/** A second real Jaeger for tests that send spans of their own, so the seeded one stays exact. */
export function scratchJaeger(): { jaegerUrl: string; otlpHttpUrl: string } {
  const jaegerUrl = process.env.ORDERTRACKER_SCRATCH_JAEGER_URL;
  const otlpHttpUrl = process.env.ORDERTRACKER_SCRATCH_OTLP_HTTP_URL;
  if (!jaegerUrl || !otlpHttpUrl) {
    throw new Error(OUTSIDE_THE_RUN);
  }
  return { jaegerUrl, otlpHttpUrl };
}

/**
 * The Jaeger builds of this run: which one holds the seeded history (and the scratch spans), and
 * every build on this machine, newest first (main, v2.20.0, v2.12.0, v1.75.0 where setup could build them).
 * A test starts any of them itself with `startJaeger(workDir, name, { version: build.name })` from
 * tests/backends/backends.ts.
 */
export function jaegerBuilds(): { seeded: string; available: Array<{ name: string; binary: string }> } {
  const seeded = process.env.ORDERTRACKER_JAEGER_VERSION;
  const list = process.env.ORDERTRACKER_JAEGER_VERSIONS;
  if (!seeded || !list) {
    throw new Error(OUTSIDE_THE_RUN);
  }
  return { seeded, available: JSON.parse(list) as Array<{ name: string; binary: string }> };
}
