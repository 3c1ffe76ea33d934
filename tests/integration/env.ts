/** The URLs globalSetup exported for this run; a clear error when a test runs outside it. */
export function integrationEnv(): { jaegerUrl: string; otlpHttpUrl: string; prometheusUrl: string; truthFile: string } {
  const jaegerUrl = process.env.ORDERTRACKER_JAEGER_URL;
  const otlpHttpUrl = process.env.ORDERTRACKER_OTLP_HTTP_URL;
  const prometheusUrl = process.env.ORDERTRACKER_PROM_URL;
  const truthFile = process.env.ORDERTRACKER_TRUTH_FILE;
  if (!jaegerUrl || !otlpHttpUrl || !prometheusUrl || !truthFile) {
    throw new Error('Integration tests run with `npm run test:integration`, which starts Jaeger and Prometheus and seeds them first.');
  }
  return { jaegerUrl, otlpHttpUrl, prometheusUrl, truthFile };
}
