/**
 * Starts real Jaeger and Prometheus on 127.0.0.1 for trying things by hand, prints where they
 * listen, and stops them (by PID) on Ctrl+C.
 *   npx tsx tests/backends/cli.ts [--jaeger main|v2.20.0|v2.12.0|v1.75.0] [--scrape job=host:port …]
 * Jaeger is the newest build scripts/setup.sh made (or JAEGER_BIN) unless --jaeger names one.
 */
import { availableJaegers, ScrapeTarget, startBackends } from './backends';

async function main() {
  const scrapeTargets: ScrapeTarget[] = [];
  let jaegerVersion: string | undefined;
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--jaeger' && args[i + 1]) {
      jaegerVersion = args[++i];
    } else if (args[i] === '--scrape' && args[i + 1]) {
      const [job, target] = args[++i].split('=');
      if (!job || !target) {
        throw new Error(`--scrape wants job=host:port, got "${args[i]}"`);
      }
      scrapeTargets.push({ job, target });
    }
  }
  const backends = await startBackends({ scrapeTargets, keepWorkDir: true, jaegerVersion });
  const builds = availableJaegers().map((jaeger) => jaeger.name);
  console.log(`Jaeger             ${backends.jaeger.version} (builds here: ${builds.join(', ') || 'none'})`);
  console.log(`Jaeger query API   ${backends.jaeger.queryUrl}  (pid ${backends.jaeger.pid})`);
  console.log(`Jaeger OTLP/HTTP   ${backends.jaeger.otlpHttpUrl}`);
  console.log(`Prometheus         ${backends.prometheus.url}  (pid ${backends.prometheus.pid})`);
  console.log(`Logs and data      ${backends.workDir}`);
  console.log('Ctrl+C stops both.');
  const stop = async () => {
    await backends.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
