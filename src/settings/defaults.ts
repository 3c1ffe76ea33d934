import { OrderTrackerSettings, StatusDefinition } from './types';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The default lifecycle (the first customer's order flow); companies replace it in the settings. */
export const DEFAULT_LIFECYCLE: StatusDefinition[] = [
  { name: 'INITIATED', slaSeconds: null, terminal: false, setBy: 'shop-api' },
  { name: 'SUBMITTED', slaSeconds: 10 * MINUTE, terminal: false, setBy: 'shop-api' },
  { name: 'FILE_UPLOADED', slaSeconds: 30 * MINUTE, terminal: false, setBy: 'shop-api' },
  { name: 'PRICE_CALCULATED', slaSeconds: 24 * HOUR, terminal: false, setBy: 'crm-api' },
  { name: 'MANUFACTURING_APPROVED', slaSeconds: 4 * HOUR, terminal: false, setBy: 'crm-api' },
  { name: 'MANUFACTURING_STARTED', slaSeconds: 5 * DAY, terminal: false, setBy: 'mes-api' },
  { name: 'MANUFACTURING_COMPLETED', slaSeconds: 24 * HOUR, terminal: false, setBy: 'mes-api' },
  { name: 'SHIPPED', slaSeconds: 7 * DAY, terminal: false, setBy: 'crm-api' },
  { name: 'CLOSED', slaSeconds: null, terminal: true, setBy: 'crm-api' },
  { name: 'CANCELLED', slaSeconds: null, terminal: true, setBy: 'crm-api' },
];

export const DEFAULT_PERSONAL_DATA_KEYS = [
  'customer.name',
  'customer.email',
  'customer.phone',
  'customer.address',
  'user.name',
  'user.email',
  'user.full_name',
  'user.phone',
  'enduser.id',
  'email',
  'phone',
  'address',
  'shipping.address',
  'billing.address',
];

export const DEFAULT_SETTINGS: OrderTrackerSettings = {
  lifecycle: DEFAULT_LIFECYCLE,
  attributes: { orderId: 'order.id', status: 'order.status', previousStatus: 'order.status.previous' },
  services: ['shop-api', 'crm-api', 'mes-api'],
  deadLetterPattern: '\\.(dlx|dlq)$',
  personalDataKeys: DEFAULT_PERSONAL_DATA_KEYS,
  lookbackSeconds: 30 * DAY,
  orderTraceLimit: 200,
  indexTraceLimit: 1500,
  jaegerApi: 'auto',
  tracesSampled: false,
  tagValuesAsPatterns: false,
  maskPersonalPatterns: true,
  stuckRequestBudget: 800,
  stuckMegabyteBudget: 128,
};

/** Bounds that keep one lookup cheap even on a Jaeger holding millions of traces. */
export const LIMITS = {
  maxLookbackSeconds: 90 * DAY,
  minLookbackSeconds: 5 * MINUTE,
  maxTraceLimit: 5000,
  maxStuckRequests: 20_000,
  maxStuckMegabytes: 2048,
  maxServices: 50,
  maxStatuses: 100,
  maxNameLength: 200,
};
