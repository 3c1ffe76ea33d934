import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_SETTINGS } from '../../../settings/defaults';
import { promqlCatalogue, provisioningDefaults } from '../queries/catalogue';
import { alertRulesFile } from './alertRules';
import { operationsDashboard } from './operationsDashboard';
import { toYaml } from './yaml';

const ROOT = resolve(__dirname, '..', '..', '..', '..', 'provisioning');
const DASHBOARD_FILE = resolve(ROOT, 'dashboards', 'ordertracker-operations.json');
const ALERTS_FILE = resolve(ROOT, 'alerting', 'ordertracker-alerts.yaml');

const options = provisioningDefaults(DEFAULT_SETTINGS);
const expected = {
  [DASHBOARD_FILE]: `${JSON.stringify(operationsDashboard(options), null, 2)}\n`,
  [ALERTS_FILE]: `# Generated from src/pages/Overview/provisioning (run its test with ORDERTRACKER_WRITE_PROVISIONING=1).\n${toYaml(alertRulesFile(options))}`,
};

if (process.env.ORDERTRACKER_WRITE_PROVISIONING === '1') {
  for (const [file, text] of Object.entries(expected)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Every `expr` value in a JSON document or in the YAML this project writes (double-quoted strings). */
function exprsIn(text: string): string[] {
  const found: string[] = [];
  const pattern = /"?expr"?\s*:\s*("(?:[^"\\]|\\.)*")/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    found.push(JSON.parse(match[1]) as string);
  }
  return found;
}

describe('provisioning files', () => {
  it.each(Object.keys(expected))('%s is what the generator writes', (file) => {
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(expected[file]);
  });

  it('uses only PromQL expressions from the catalogue (which the integration test runs)', () => {
    const catalogue = new Set(promqlCatalogue(DEFAULT_SETTINGS).map((entry) => entry.expr));
    const used = [...exprsIn(readFileSync(DASHBOARD_FILE, 'utf8')), ...exprsIn(readFileSync(ALERTS_FILE, 'utf8'))];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((expr) => !catalogue.has(expr))).toEqual([]);
  });

  it('has the four alert rules, each with a summary and a link to the stuck-orders page', () => {
    const text = readFileSync(ALERTS_FILE, 'utf8');
    for (const uid of [
      'ordertracker-past-sla',
      'ordertracker-queue-share',
      'ordertracker-api-latency',
      'ordertracker-dead-letters',
    ]) {
      expect(text).toContain(`uid: "${uid}"`);
    }
    expect(text.match(/summary: "/g)).toHaveLength(4);
    expect(text.match(/runbook_url: "\/a\/alexandrite-ordertracker-app\/stuck/g)).toHaveLength(4);
  });

  it('links dashboard panels into the app', () => {
    const text = readFileSync(DASHBOARD_FILE, 'utf8');
    expect(text).toContain('/a/alexandrite-ordertracker-app/stuck?status=${__field.labels.status}');
    expect(text).toContain('"calculate": false');
  });
});
