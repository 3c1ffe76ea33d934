import { ToStringOptions, stringify } from 'yaml';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { provisioningDefaults } from '../queries/catalogue';
import { AlertRulesFile, alertRulesFile } from './alertRules';
import { OperationsDashboard, operationsDashboard } from './operationsDashboard';
import { PrometheusRulesFile, prometheusRulesFile } from './prometheusRules';

/** The npm script that rewrites the files (scripts/provisioning/write.ts). */
export const REGENERATE_COMMAND = 'npm run provisioning';

export const DASHBOARD_PATH = 'provisioning/dashboards/ordertracker-operations.json';
export const ALERTS_PATH = 'provisioning/alerting/ordertracker-alerts.yaml';
/** The same alerts for a Prometheus that evaluates rules and sends them to Alertmanager. */
export const PROMETHEUS_RULES_PATH = 'deploy/prometheus/ordertracker-rules.yml';

/**
 * Every string double-quoted: PromQL braces and `{{ }}` templates never depend on YAML's plain-scalar
 * rules. No folding, so a long PromQL expression stays on one line, as the catalogue has it.
 */
const YAML_OPTIONS: ToStringOptions = { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 };

export interface ProvisioningFile {
  /** Relative to the repository root. */
  path: string;
  /** What the generator builds; `text` is it as the file holds it. */
  content: OperationsDashboard | AlertRulesFile | PrometheusRulesFile;
  text: string;
}

/** The provisioned dashboard and alert rules of the demo stack, as committed under `provisioning/`. */
export function provisioningFiles(): ProvisioningFile[] {
  const options = provisioningDefaults(DEFAULT_SETTINGS);
  const dashboard = operationsDashboard(options);
  const alerts = alertRulesFile(options);
  const rules = prometheusRulesFile(options);
  return [
    { path: DASHBOARD_PATH, content: dashboard, text: `${JSON.stringify(dashboard, null, 2)}\n` },
    {
      path: ALERTS_PATH,
      content: alerts,
      text: `# Generated from src/provisioning by \`${REGENERATE_COMMAND}\`; edit the generator, not this file.\n${stringify(alerts, YAML_OPTIONS)}`,
    },
    {
      path: PROMETHEUS_RULES_PATH,
      content: rules,
      text:
        `# Generated from src/provisioning by \`${REGENERATE_COMMAND}\`; edit the generator, not this file.\n` +
        '# The Grafana-managed rules of provisioning/alerting as Prometheus alerting rules, for teams that route\n' +
        '# alerts through Alertmanager: list this file under rule_files. Tested by ordertracker-rules.test.yml\n' +
        '# (promtool test rules), which the integration suite runs.\n' +
        stringify(rules, YAML_OPTIONS),
    },
  ];
}
