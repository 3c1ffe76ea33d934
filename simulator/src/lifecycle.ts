import { DEFAULT_LIFECYCLE } from '../../src/settings/defaults';
import { StatusDefinition } from '../../src/settings/types';

/**
 * The statuses the simulated Alexandrite flow moves through. The names, SLAs and owners come from
 * the plugin's default lifecycle, so the simulator and the plugin cannot drift apart; the flow
 * itself (who calls whom) is what this simulator models.
 */
const FLOW = [
  'INITIATED',
  'SUBMITTED',
  'FILE_UPLOADED',
  'PRICE_CALCULATED',
  'MANUFACTURING_APPROVED',
  'MANUFACTURING_STARTED',
  'MANUFACTURING_COMPLETED',
  'SHIPPED',
  'CLOSED',
  'CANCELLED',
] as const;

export type Status = (typeof FLOW)[number];
export type ServiceName = 'shop-api' | 'crm-api' | 'mes-api';
export const SERVICES: readonly ServiceName[] = ['shop-api', 'crm-api', 'mes-api'];

export const LIFECYCLE: readonly StatusDefinition[] = checkLifecycle(DEFAULT_LIFECYCLE);
export const STATUSES: readonly Status[] = FLOW;

function checkLifecycle(lifecycle: StatusDefinition[]): StatusDefinition[] {
  for (const name of FLOW) {
    if (!lifecycle.some((status) => status.name === name)) {
      throw new Error(`the default lifecycle has no status ${name}; the simulator's flow needs it`);
    }
  }
  return lifecycle;
}

export function definitionOf(status: Status): StatusDefinition {
  const found = LIFECYCLE.find((definition) => definition.name === status);
  if (!found) {
    throw new Error(`unknown status ${status}`);
  }
  return found;
}

/** The service the lifecycle says sets this status. */
export function setterOf(status: Status): ServiceName {
  const setBy = definitionOf(status).setBy;
  return SERVICES.find((service) => service === setBy) ?? 'crm-api';
}

export function isTerminal(status: Status): boolean {
  return definitionOf(status).terminal;
}

/** Histogram buckets (seconds) around the SLAs of the lifecycle plus a spread of typical stays. */
export function durationBuckets(): number[] {
  const base = [10, 60, 300, 600, 1200, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 86400, 2 * 86400, 3 * 86400, 5 * 86400, 7 * 86400, 14 * 86400];
  const slas = LIFECYCLE.map((status) => status.slaSeconds).filter((sla): sla is number => sla !== null);
  return [...new Set([...base, ...slas])].sort((a, b) => a - b);
}

/**
 * Bounds (seconds) of the age distribution of the orders in a status: every SLA and its 80 % (the
 * warning point), plus a spread from a minute to a month, so the orders past SLA are counted
 * exactly and the stuck-orders page can tell which ages nobody has.
 */
export function ageBuckets(): number[] {
  const spread = [60, 300, 600, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600, 86400, 2 * 86400, 3 * 86400, 5 * 86400, 7 * 86400, 14 * 86400, 30 * 86400];
  const slas = LIFECYCLE.map((status) => status.slaSeconds).filter((sla): sla is number => sla !== null);
  return [...new Set([...spread, ...slas, ...slas.map((sla) => Math.round(sla * 0.8 * 1000) / 1000)])].sort((a, b) => a - b);
}
