import { Backends, startBackends } from '../backends/backends';

declare global {
  // Shared with globalTeardown, which runs in the same process.
  var orderTrackerBackends: Backends | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const backends = await startBackends();
  globalThis.orderTrackerBackends = backends;
  process.env.ORDERTRACKER_JAEGER_URL = backends.jaeger.queryUrl;
  process.env.ORDERTRACKER_OTLP_HTTP_URL = backends.jaeger.otlpHttpUrl;
  process.env.ORDERTRACKER_PROM_URL = backends.prometheus.url;
  console.log(`\nbackends ready in ${Date.now() - started} ms: Jaeger ${backends.jaeger.queryUrl}, Prometheus ${backends.prometheus.url}`);
}
