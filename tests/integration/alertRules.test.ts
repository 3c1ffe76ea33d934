/**
 * The Prometheus rules file (the same alerts as the Grafana-managed rules) checked and unit-tested
 * with promtool: series in, alerts that fire and do not out (deploy/prometheus/ordertracker-rules.test.yml).
 * And once more against rules whose threshold was changed, to show the tests notice.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { provisioningDefaults } from '../../src/queries/catalogue';
import { prometheusRulesFile } from '../../src/provisioning/prometheusRules';
import { PROMETHEUS_RULES_PATH } from '../../src/provisioning/provisioningFiles';
import { DEFAULT_SETTINGS } from '../../src/settings/defaults';

const REPO_ROOT = resolve(__dirname, '..', '..');
const RULES = resolve(REPO_ROOT, PROMETHEUS_RULES_PATH);
const TESTS = RULES.replace(/\.yml$/, '.test.yml');

function promtool(): string {
  const found = [process.env.PROMTOOL_BIN, '/usr/bin/promtool'].find(
    (path): path is string => !!path && existsSync(path)
  );
  if (!found) {
    throw new Error(
      'promtool is missing: scripts/setup.sh installs it (Debian package "prometheus"), or set PROMTOOL_BIN.'
    );
  }
  return found;
}

function run(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(promtool(), args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the Prometheus alerting rules', () => {
  it('pass promtool check rules', () => {
    const result = run(['check', 'rules', RULES], REPO_ROOT);
    expect(result.output).toContain('SUCCESS: 4 rules found');
    expect(result.status).toBe(0);
  });

  it('pass their promtool unit tests (which alerts fire, and which do not)', () => {
    const result = run(['test', 'rules', TESTS], REPO_ROOT);
    console.log(result.output.trim());
    expect(result.status).toBe(0);
  });

  it('fail those tests when a threshold changes (5 % → 10 % of the orders in SUBMITTED)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ordertracker-rules-'));
    try {
      const changed = prometheusRulesFile({ ...provisioningDefaults(DEFAULT_SETTINGS), queueShare: 0.1 });
      writeFileSync(join(dir, 'ordertracker-rules.yml'), stringify(changed));
      copyFileSync(TESTS, join(dir, 'ordertracker-rules.test.yml'));
      const result = run(['test', 'rules', 'ordertracker-rules.test.yml'], dir);
      console.log(`with the threshold at 10 %:\n${result.output.trim()}`);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('alertname: OrderTrackerQueueShare');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
