import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { StatusDefinition } from '../settings/types';
import { deadLetteredIncrease, pastSlaByStatus, serverLatencyP95, shareOlderThan } from '../queries/promql';

/** What the provisioned alert rules are built from; the defaults match the demo stack. */
export interface AlertRuleOptions {
  lifecycle: StatusDefinition[];
  prometheusUid: string;
  /** Status whose orders are watched for waiting too long (the first status with an SLA by default). */
  queueStatus: string;
  /** Alert when more than this share (0–1) of the orders in `queueStatus` … */
  queueShare: number;
  /** … have been there longer than this (seconds; a bucket bound of the age distribution, its SLA by default). */
  queueAgeSeconds: number;
  /** Service whose API latency is watched. */
  latencyService: string;
  latencyP95Ms: number;
  folder: string;
}

export const STUCK_PAGE_PATH = `${PLUGIN_BASE_URL}/${ROUTES.Stuck}`;

export interface RuleQuery {
  refId: string;
  expr: string;
}

/** One alert rule in Grafana's file-provisioning format, plus the PromQL it runs. */
export interface ProvisionedRule {
  uid: string;
  title: string;
  query: RuleQuery;
  threshold: number;
  forDuration: string;
  windowSeconds: number;
  noData: 'OK' | 'NoData' | 'Alerting';
  summary: string;
  description: string;
  /** Link into the app (relative to Grafana's root URL). */
  link: string;
  severity: 'warning' | 'critical';
}

/** Plain words for a duration in seconds, as alert titles use it: `10 minutes`, `4 hours`. */
function inWords(seconds: number): string {
  const units: Array<[number, string]> = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  const [size, unit] = units.find(([unitSeconds]) => seconds % unitSeconds === 0 && seconds >= unitSeconds) ?? [
    1,
    'second',
  ];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * The rules, from the age distribution of the orders in each status (how many are past SLA, not
 * only whether the oldest is), span metrics and the dead-letter counter. The Grafana-managed rules
 * and the Prometheus rules file are both written from these.
 */
export function orderTrackerRules(options: AlertRuleOptions): ProvisionedRule[] {
  const percent = Math.round(options.queueShare * 100);
  const age = inWords(options.queueAgeSeconds);
  return [
    {
      uid: 'ordertracker-past-sla',
      title: 'Orders past their status SLA',
      query: { refId: 'A', expr: pastSlaByStatus(options.lifecycle) },
      threshold: 0,
      forDuration: '0s',
      windowSeconds: 600,
      noData: 'OK',
      summary: '{{ $values.A.Value }} orders in {{ $labels.status }} are past the status SLA.',
      description:
        'Orders have stayed in {{ $labels.status }} longer than its SLA allows (the age distribution the order service keeps). Open the stuck-orders page for the orders and their likely cause.',
      link: `${STUCK_PAGE_PATH}?status={{ $labels.status }}`,
      severity: 'warning',
    },
    {
      uid: 'ordertracker-queue-share',
      title: `More than ${percent} % of the orders in ${options.queueStatus} there longer than ${age}`,
      query: { refId: 'A', expr: shareOlderThan(options.queueStatus, options.queueAgeSeconds) },
      threshold: options.queueShare,
      forDuration: '0s',
      windowSeconds: 600,
      noData: 'OK',
      summary: `{{ humanizePercentage $values.A.Value }} of the orders in ${options.queueStatus} have been there longer than ${age} (limit ${percent} %).`,
      description: `Orders pile up in ${options.queueStatus}: messages may be lost or dead-lettered between the services, or the next step is down.`,
      link: `${STUCK_PAGE_PATH}?status=${encodeURIComponent(options.queueStatus)}`,
      severity: 'warning',
    },
    {
      uid: 'ordertracker-api-latency',
      title: `${options.latencyService} API p95 latency over 15 minutes`,
      query: { refId: 'A', expr: serverLatencyP95(options.latencyService, '15m') },
      threshold: options.latencyP95Ms,
      forDuration: '0s',
      windowSeconds: 900,
      noData: 'OK',
      summary: `${options.latencyService} answers slowly: p95 {{ humanize $values.A.Value }} ms over the last 15 minutes (limit ${options.latencyP95Ms} ms).`,
      description: `Server spans of ${options.latencyService} (Jaeger span metrics) are slow; operators may not see orders and prices may be late.`,
      link: STUCK_PAGE_PATH,
      severity: 'warning',
    },
    {
      uid: 'ordertracker-dead-letters',
      title: 'Messages dead-lettered',
      query: { refId: 'A', expr: deadLetteredIncrease('10m') },
      threshold: 0,
      forDuration: '0s',
      windowSeconds: 600,
      noData: 'OK',
      summary:
        '{{ humanize $values.A.Value }} messages on {{ $labels.queue }} were dead-lettered in the last 10 minutes.',
      description: 'A consumer rejected order messages; the orders behind them will not move on by themselves.',
      link: STUCK_PAGE_PATH,
      severity: 'critical',
    },
  ];
}

/** A query or expression a Grafana-managed rule evaluates; expressions run on `__expr__`. */
interface RuleQueryData {
  refId: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: { refId: string; datasource: { type: string; uid: string } } & Record<string, unknown>;
}

interface FileRule {
  uid: string;
  title: string;
  condition: string;
  data: RuleQueryData[];
  noDataState: ProvisionedRule['noData'];
  execErrState: 'Alerting' | 'Error' | 'OK';
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
}

/** Grafana's alert-rule provisioning file format (`apiVersion: 1`). */
export interface AlertRulesFile {
  apiVersion: 1;
  groups: Array<{ orgId: number; name: string; folder: string; interval: string; rules: FileRule[] }>;
}

/** The alert rules as Grafana's provisioning file (`provisioning/alerting/*.yaml`). */
export function alertRulesFile(options: AlertRuleOptions): AlertRulesFile {
  return {
    apiVersion: 1,
    groups: [
      {
        orgId: 1,
        name: 'Order Tracker',
        folder: options.folder,
        interval: '1m',
        rules: orderTrackerRules(options).map((rule) => ({
          uid: rule.uid,
          title: rule.title,
          condition: 'B',
          data: ruleData(rule, options.prometheusUid),
          noDataState: rule.noData,
          execErrState: 'Error',
          for: rule.forDuration,
          labels: { severity: rule.severity, app: 'order-tracker' },
          annotations: { summary: rule.summary, description: rule.description, runbook_url: rule.link },
          isPaused: false,
        })),
      },
    ],
  };
}

function ruleData(rule: ProvisionedRule, prometheusUid: string): RuleQueryData[] {
  const query: RuleQueryData = {
    refId: rule.query.refId,
    relativeTimeRange: { from: rule.windowSeconds, to: 0 },
    datasourceUid: prometheusUid,
    model: {
      refId: rule.query.refId,
      datasource: { type: 'prometheus', uid: prometheusUid },
      expr: rule.query.expr,
      instant: true,
      range: false,
      intervalMs: 1000,
      maxDataPoints: 43200,
    },
  };
  const threshold: RuleQueryData = {
    refId: 'B',
    datasourceUid: '__expr__',
    model: {
      refId: 'B',
      datasource: { type: '__expr__', uid: '__expr__' },
      type: 'threshold',
      expression: rule.query.refId,
      conditions: [{ evaluator: { type: 'gt', params: [rule.threshold] } }],
    },
  };
  return [query, threshold];
}
