import { AlertRuleOptions, ProvisionedRule, orderTrackerRules } from './alertRules';

/** One alerting rule in Prometheus' rule-file format. */
export interface PrometheusAlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Prometheus' rule file (`rule_files:`), as `promtool check rules` reads it. */
export interface PrometheusRulesFile {
  groups: Array<{ name: string; interval: string; rules: PrometheusAlertRule[] }>;
}

/** The alert name: the Grafana rule's uid in CamelCase (`ordertracker-past-sla` → `OrderTrackerPastSla`). */
export function alertName(uid: string): string {
  return uid
    .replace(/^ordertracker-/, 'order-tracker-')
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** Grafana's `$values.A.Value` is Prometheus' `$value`; the rest of the templates read the same. */
function forPrometheus(template: string): string {
  return template.split('$values.A.Value').join('$value');
}

function toPrometheus(rule: ProvisionedRule): PrometheusAlertRule {
  return {
    alert: alertName(rule.uid),
    // Parenthesised: `>` binds tighter than `or`, and the past-SLA query is an `or` of statuses.
    expr: `(${rule.query.expr}) > ${rule.threshold}`,
    for: rule.forDuration,
    labels: { severity: rule.severity, app: 'order-tracker' },
    annotations: {
      summary: forPrometheus(rule.summary),
      description: forPrometheus(rule.description),
      // Relative to Grafana's root URL, like the Grafana-managed rules' link.
      runbook_url: rule.link,
    },
  };
}

/**
 * The same alerts as the Grafana-managed rules, for teams whose Prometheus evaluates rules and
 * routes through Alertmanager: one source (orderTrackerRules), two files.
 */
export function prometheusRulesFile(options: AlertRuleOptions): PrometheusRulesFile {
  return { groups: [{ name: 'order-tracker', interval: '1m', rules: orderTrackerRules(options).map(toPrometheus) }] };
}
