import { OrderTrackerSettings, StatusDefinition } from '../settings/types';
import { createMasker, Masker } from './mask';
import { createPersonalDataMasker, PersonalDataMasker } from './personalData';

/** Tuning knobs that are not admin settings; every one has a documented default. */
export interface EngineOptions {
  /** Differences between service clocks below this are treated as skew, not as order (default 2 s). */
  clockSkewToleranceUs?: number;
  /** A span is "slow" from this duration on (default 10 min) ... */
  slowSpanUs?: number;
  /** ... or from this share of the SLA of the status the order was in (default 0.25). */
  slowSpanSlaShare?: number;
  /** A published message not processed after this long counts as lost (default 10 min). */
  unconsumedAfterUs?: number;
  /** How long a status event may take to reach the other services before they "disagree" (default 2 min). */
  statusEchoGraceUs?: number;
  /** Spans beyond this are dropped with a warning (default 200 000). */
  maxSpans?: number;
}

/** Settings compiled once into look-ups the hot loops use. */
export interface EngineConfig {
  settings: OrderTrackerSettings;
  orderIdKey: string;
  statusKey: string;
  previousStatusKey: string;
  statusIndex: Map<string, number>;
  statuses: StatusDefinition[];
  deadLetter: RegExp;
  mask: Masker;
  /** Services that record statuses set by others (inferred from the lifecycle: setters of terminal statuses). */
  statusKeepers: Set<string>;
  clockSkewToleranceUs: number;
  slowSpanUs: number;
  slowSpanSlaShare: number;
  unconsumedAfterUs: number;
  statusEchoGraceUs: number;
  maxSpans: number;
  /** An absent span proves nothing: the collector samples traces. */
  tracesSampled: boolean;
  /** Mask text that looks like personal data in every string a span brings. */
  maskPersonalPatterns: boolean;
  personalData: PersonalDataMasker;
}

const SECOND_US = 1_000_000;

export function compileConfig(settings: OrderTrackerSettings, options: EngineOptions = {}): EngineConfig {
  const statusIndex = new Map<string, number>();
  settings.lifecycle.forEach((status, index) => statusIndex.set(status.name, index));
  let deadLetter: RegExp;
  try {
    deadLetter = new RegExp(settings.deadLetterPattern);
  } catch {
    deadLetter = /\.(dlx|dlq)$/;
  }
  const statusKeepers = new Set<string>();
  for (const status of settings.lifecycle) {
    if (status.terminal && status.setBy) {
      statusKeepers.add(status.setBy);
    }
  }
  return {
    settings,
    orderIdKey: settings.attributes.orderId,
    statusKey: settings.attributes.status,
    previousStatusKey: settings.attributes.previousStatus,
    statusIndex,
    statuses: settings.lifecycle,
    deadLetter,
    mask: createMasker(settings.personalDataKeys),
    statusKeepers,
    clockSkewToleranceUs: options.clockSkewToleranceUs ?? 2 * SECOND_US,
    slowSpanUs: options.slowSpanUs ?? 600 * SECOND_US,
    slowSpanSlaShare: options.slowSpanSlaShare ?? 0.25,
    unconsumedAfterUs: options.unconsumedAfterUs ?? 600 * SECOND_US,
    statusEchoGraceUs: options.statusEchoGraceUs ?? 120 * SECOND_US,
    maxSpans: options.maxSpans ?? 200_000,
    tracesSampled: settings.tracesSampled ?? false,
    maskPersonalPatterns: settings.maskPersonalPatterns ?? true,
    personalData: createPersonalDataMasker([], settings.maskPersonalPatterns ?? true),
  };
}

export function statusDefinition(config: EngineConfig, status: string | null): StatusDefinition | undefined {
  if (status === null) {
    return undefined;
  }
  const index = config.statusIndex.get(status);
  return index === undefined ? undefined : config.statuses[index];
}

/** SLA of a status in seconds, or null (no SLA, terminal, or unknown status). */
export function slaFor(config: EngineConfig, status: string | null): number | null {
  const definition = statusDefinition(config, status);
  return definition && !definition.terminal ? definition.slaSeconds : null;
}

/** The status that normally follows, by lifecycle order (skipping terminal statuses). */
export function expectedNextStatus(config: EngineConfig, status: string): string | null {
  const index = config.statusIndex.get(status);
  if (index === undefined) {
    return null;
  }
  for (let next = index + 1; next < config.statuses.length; next++) {
    if (!config.statuses[next].terminal) {
      return config.statuses[next].name;
    }
  }
  return config.statuses.find((status) => status.terminal)?.name ?? null;
}

/** The status expected after `status`, and the service the lifecycle says sets it (if it says). */
export function expectedNext(
  config: EngineConfig,
  status: string
): { status: string | null; setBy: string | undefined } {
  const next = expectedNextStatus(config, status);
  return { status: next, setBy: next ? statusDefinition(config, next)?.setBy : undefined };
}
