import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { StatusDefinition } from '../settings/types';
import { deadLetteredIncrease, overdueBySla, serverLatencyP95, shareOfOpenOrdersIn } from '../queries/promql';

/** What the provisioned alert rules are built from; the defaults match the demo stack. */
export interface AlertRuleOptions {
  lifecycle: StatusDefinition[];
  prometheusUid: string;
  /** Status whose share of open orders is watched (the first status with an SLA by default). */
  queueStatus: string;
  /** Alert when more than this share (0–1) of open orders sits in `queueStatus`. */
  queueShare: number;
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

export function orderTrackerRules(options: AlertRuleOptions): ProvisionedRule[] {
  const percent = Math.round(options.queueShare * 100);
  return [
    {
      uid: 'ordertracker-past-sla',
      title: 'Orders past their status SLA',
      query: { refId: 'A', expr: overdueBySla(options.lifecycle) },
      threshold: 0,
      forDuration: '0s',
      windowSeconds: 600,
      noData: 'OK',
      summary:
        'Orders in {{ $labels.status }} are past the status SLA; the oldest by {{ humanizeDuration $values.A.Value }}.',
      description:
        'The oldest order still in {{ $labels.status }} entered it longer ago than the SLA allows. Open the stuck-orders page for the orders and their likely cause.',
      link: `${STUCK_PAGE_PATH}?status={{ $labels.status }}`,
      severity: 'warning',
    },
    {
      uid: 'ordertracker-queue-share',
      title: `More than ${percent} % of open orders in ${options.queueStatus}`,
      query: { refId: 'A', expr: shareOfOpenOrdersIn(options.queueStatus, options.lifecycle) },
      threshold: options.queueShare,
      forDuration: '10m',
      windowSeconds: 600,
      noData: 'OK',
      summary: `{{ humanizePercentage $values.A.Value }} of the open orders have been in ${options.queueStatus} for 10 minutes (limit ${percent} %).`,
      description: `Orders pile up in ${options.queueStatus}: messages may be lost or dead-lettered between the services, or the next step is down.`,
      link: `${STUCK_PAGE_PATH}?status=${encodeURIComponent(options.queueStatus)}`,
      severity: 'warning',
    },
    {
      uid: 'ordertracker-api-latency',
      title: `${options.latencyService} API p95 latency`,
      query: { refId: 'A', expr: serverLatencyP95(options.latencyService, '5m') },
      threshold: options.latencyP95Ms,
      forDuration: '10m',
      windowSeconds: 600,
      noData: 'OK',
      summary: `${options.latencyService} answers slowly: p95 {{ humanize $values.A.Value }} ms (limit ${options.latencyP95Ms} ms).`,
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
