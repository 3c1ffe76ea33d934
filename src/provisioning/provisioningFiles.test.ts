/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// Under jsdom's default `browser` condition, `yaml` resolves to its ES-module build, which jest does
// not transform; these tests only read files, so the Node build is the right one.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { promqlCatalogue, provisioningDefaults } from '../queries/catalogue';
import { STUCK_PAGE_PATH, alertRulesFile } from './alertRules';
import { ALERTS_PATH, DASHBOARD_PATH, REGENERATE_COMMAND, provisioningFiles } from './provisioningFiles';

const REPO_ROOT = resolve(__dirname, '..', '..');
const files = provisioningFiles();

function committed(path: string): string {
  return readFileSync(resolve(REPO_ROOT, path), 'utf8');
}

/** Every `expr` value anywhere in a parsed document. */
function exprsIn(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(exprsIn);
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  return Object.entries(value).flatMap(([key, item]) =>
    key === 'expr' && typeof item === 'string' ? [item] : exprsIn(item)
  );
}

describe('provisioning files', () => {
  it.each(files.map((file) => [file.path, file] as const))('%s is what the generator writes', (path, file) => {
    try {
      expect(committed(path)).toBe(file.text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${path} is out of date: run \`${REGENERATE_COMMAND}\` and commit the result.\n\n${reason}`);
    }
  });

  it.each(files.map((file) => [file.path, file] as const))('%s parses to the generator’s object', (path, file) => {
    const text = committed(path);
    expect(path.endsWith('.json') ? JSON.parse(text) : parse(text)).toEqual(file.content);
  });

  it('names the npm script that regenerates them, and package.json has it', () => {
    const packageJson = JSON.parse(committed('package.json')) as { scripts: Record<string, string> };
    expect(packageJson.scripts[REGENERATE_COMMAND.replace(/^npm run /, '')]).toBe('tsx scripts/provisioning/write.ts');
    expect(committed(ALERTS_PATH).split('\n')[0]).toContain(`\`${REGENERATE_COMMAND}\``);
  });

  it('uses only PromQL expressions from the catalogue (which the integration test runs)', () => {
    const catalogue = new Set(promqlCatalogue(DEFAULT_SETTINGS).map((entry) => entry.expr));
    const used = [JSON.parse(committed(DASHBOARD_PATH)), parse(committed(ALERTS_PATH))].flatMap(exprsIn);
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((expr) => !catalogue.has(expr))).toEqual([]);
  });

  it('has the four alert rules, each with a summary and a link to the stuck-orders page', () => {
    const rules = alertRulesFile(provisioningDefaults(DEFAULT_SETTINGS)).groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.uid)).toEqual([
      'ordertracker-past-sla',
      'ordertracker-queue-share',
      'ordertracker-api-latency',
      'ordertracker-dead-letters',
    ]);
    for (const rule of rules) {
      expect(rule.annotations.summary).not.toBe('');
      expect(rule.annotations.runbook_url.startsWith(STUCK_PAGE_PATH)).toBe(true);
    }
  });

  it('links dashboard panels into the app', () => {
    const text = committed(DASHBOARD_PATH);
    expect(text).toContain('/a/alexandrite-ordertracker-app/stuck?status=${__field.labels.status}');
    expect(text).toContain('"calculate": false');
  });
});
