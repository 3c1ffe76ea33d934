import { checkSetup } from '../../src/components/AppConfig/checkSetup';
import { fetchJsonFromBaseUrl } from '../../src/datasource/jaegerClient';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';
import { integrationEnv, scratchJaeger } from './env';
import { sendSpans } from './otlp';

/** The same paths Grafana's datasource proxy would forward; here the base URL is the backend's own. */
const direct = (baseUrl: string) => fetchJsonFromBaseUrl(baseUrl);

describe('check setup against real Jaeger and Prometheus', () => {
  it('says plainly that no Jaeger datasource is chosen', async () => {
    const checks = await checkSetup(DEFAULT_SETTINGS, {});
    expect(checks.map((check) => [check.id, check.state])).toEqual([
      ['jaeger-datasource', 'missing'],
      ['prometheus-datasource', 'warning'],
    ]);
  });

  it('reports a Jaeger that does not answer', async () => {
    const checks = await checkSetup(DEFAULT_SETTINGS, { jaeger: direct('http://127.0.0.1:9') });
    expect(checks[0]).toEqual(expect.objectContaining({ id: 'jaeger-datasource', state: 'missing' }));
    expect(checks[0].message).toMatch(/Jaeger does not answer/);
  });

  it('finds the services and the order id attribute once spans arrive, and names the service that is missing', async () => {
    const { jaegerUrl, otlpHttpUrl } = scratchJaeger();
    const { prometheusUrl } = integrationEnv();
    const settings = { ...DEFAULT_SETTINGS, services: ['shop-api', 'check-setup-absent-api'] };
    await sendSpans(otlpHttpUrl, [
      { service: 'shop-api', name: 'POST /orders', startMs: Date.now() - 1000, durationMs: 10, attributes: { 'order.id': 'ALX-CHECK-1' } },
    ]);
    let checks = await checkSetup(settings, { jaeger: direct(jaegerUrl), prometheus: direct(prometheusUrl) });
    for (let attempt = 0; attempt < 50 && checks.find((check) => check.id === 'order-spans')?.state !== 'ok'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      checks = await checkSetup(settings, { jaeger: direct(jaegerUrl), prometheus: direct(prometheusUrl) });
    }
    const byId = Object.fromEntries(checks.map((check) => [check.id, check]));
    expect(byId['jaeger-datasource'].state).toBe('ok');
    expect(byId['jaeger-api'].state).toBe('ok');
    expect(byId['jaeger-services'].state).toBe('warning');
    expect(byId['jaeger-services'].message).toContain('check-setup-absent-api');
    expect(byId['order-spans'].state).toBe('ok');
    // The memory store compares tag values exactly (Elasticsearch would match them as patterns).
    expect(byId['tag-matching']).toEqual(expect.objectContaining({ state: 'ok', message: 'Jaeger compares tag values exactly.' }));
    expect(byId['prometheus-datasource'].state).toBe('ok');
    expect(['ok', 'warning']).toContain(byId['order-metrics'].state);
  });

  it('says when spans do not carry the configured order id attribute', async () => {
    const { jaegerUrl } = integrationEnv();
    const settings = { ...DEFAULT_SETTINGS, services: ['shop-api'], attributes: { ...DEFAULT_SETTINGS.attributes, orderId: 'no.such.attribute' } };
    const checks = await checkSetup(settings, { jaeger: direct(jaegerUrl) });
    expect(checks.find((check) => check.id === 'order-spans')).toEqual(
      expect.objectContaining({ state: 'missing', message: expect.stringContaining('"no.such.attribute"') })
    );
  });
});
