import { OrderTrackerSettings } from '../settings/types';
import { AlertRuleOptions, orderTrackerRules } from '../provisioning/alertRules';
import { DashboardOptions } from '../provisioning/operationsDashboard';
import * as q from './promql';

export interface CatalogueEntry {
  name: string;
  expr: string;
  /** Where it runs: pages, the operations dashboard, the alert rules, or the integration check. */
  usedBy: Array<'overview' | 'stuck' | 'dashboard' | 'alerts' | 'check'>;
}

/** The provisioning defaults of the demo stack, derived from the settings. */
export function provisioningDefaults(settings: OrderTrackerSettings): AlertRuleOptions & DashboardOptions {
  const queue = settings.lifecycle.find((status) => !status.terminal && status.slaSeconds !== null);
  return {
    lifecycle: settings.lifecycle,
    prometheusUid: 'prometheus',
    queueStatus: queue?.name ?? 'SUBMITTED',
    queueShare: 0.05,
    queueAgeSeconds: queue?.slaSeconds ?? 600,
    latencyService: 'mes-api',
    latencyP95Ms: 5000,
    folder: 'Order Tracker',
    apiServices: settings.services.filter((service) => service === 'mes-api' || service === 'crm-api'),
  };
}

/** Every PromQL expression Order Tracker ships, with the settings applied. */
export function promqlCatalogue(settings: OrderTrackerSettings): CatalogueEntry[] {
  const options = provisioningDefaults(settings);
  const entries: CatalogueEntry[] = [
    { name: 'orders in status', expr: q.ordersInStatus(), usedBy: ['overview', 'dashboard'] },
    { name: 'order metrics present', expr: q.orderMetricsPresent(), usedBy: ['overview', 'stuck'] },
    { name: 'status entries rate', expr: q.statusEntriesRate(), usedBy: ['overview', 'dashboard'] },
    { name: 'status entries total', expr: q.statusEntriesTotal(), usedBy: ['check'] },
    { name: 'mean time in status (range)', expr: q.meanTimeInStatus(q.RANGE), usedBy: ['overview', 'dashboard'] },
    { name: 'mean time in status (lifetime)', expr: q.meanTimeInStatus(null), usedBy: ['check'] },
    { name: 'completed stays', expr: q.completedStays(), usedBy: ['check'] },
    { name: 'oldest entered', expr: q.oldestEntered(), usedBy: ['stuck'] },
    { name: 'oldest age', expr: q.oldestAge(), usedBy: ['dashboard'] },
    { name: 'overdue by SLA', expr: q.overdueBySla(settings.lifecycle), usedBy: ['dashboard'] },
    {
      name: `share of open orders in ${options.queueStatus}`,
      expr: q.shareOfOpenOrdersIn(options.queueStatus, settings.lifecycle),
      usedBy: ['dashboard'],
    },
    { name: 'age buckets', expr: q.ageBuckets(), usedBy: ['stuck'] },
    { name: 'age count', expr: q.ageCount(), usedBy: ['check'] },
    { name: 'past SLA per status', expr: q.pastSlaByStatus(settings.lifecycle), usedBy: ['alerts'] },
    {
      name: `share of ${options.queueStatus} older than ${options.queueAgeSeconds} s`,
      expr: q.shareOlderThan(options.queueStatus, options.queueAgeSeconds),
      usedBy: ['alerts'],
    },
    { name: 'dead letters (rate interval)', expr: q.deadLetteredIncrease(), usedBy: ['dashboard'] },
    { name: 'dead letters total', expr: q.deadLetteredTotal(), usedBy: ['check'] },
  ];
  for (const status of settings.lifecycle.filter(
    (definition) => !definition.terminal && definition.slaSeconds !== null
  )) {
    entries.push({
      name: `heatmap ${status.name}`,
      expr: q.timeInStatusHeatmap(status.name),
      usedBy: ['overview', 'dashboard'],
    });
    entries.push({ name: `buckets ${status.name}`, expr: q.timeInStatusBuckets(status.name), usedBy: ['check'] });
  }
  for (const service of options.apiServices) {
    entries.push({ name: `p95 ${service}`, expr: q.serverLatencyP95(service), usedBy: ['dashboard'] });
    entries.push({ name: `error ratio ${service}`, expr: q.serverErrorRatio(service), usedBy: ['dashboard'] });
    entries.push({ name: `server calls ${service}`, expr: q.serverCallsTotal(service), usedBy: ['check'] });
  }
  for (const rule of orderTrackerRules(options)) {
    const known = entries.find((entry) => entry.expr === rule.query.expr);
    if (known) {
      known.usedBy = Array.from(new Set([...known.usedBy, 'alerts' as const]));
    } else {
      entries.push({ name: `alert ${rule.uid}`, expr: rule.query.expr, usedBy: ['alerts'] });
    }
  }
  return entries;
}

/** Replaces Grafana's range variables so an expression runs against Prometheus' API directly. */
export function withFixedWindows(expr: string, rateInterval = '1m', range = '1h'): string {
  return expr.split(q.RATE_INTERVAL).join(rateInterval).split(q.RANGE).join(range);
}
