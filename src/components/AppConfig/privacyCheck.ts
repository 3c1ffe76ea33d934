import type { FetchJson } from '../../datasource/grafanaProxy';
import { AttributeValue, compileConfig, JaegerApi, OrderSpan, readSpans, searchPath } from '../../engine';
import { OrderTrackerSettings } from '../../settings/types';

/**
 * "Check setup"'s privacy check: samples recent stored spans and reports what looks like personal
 * data in them, read RAW (the span readers mask deny-listed keys and personal-looking values for
 * the screen; this check must see what the storage holds). It names where the data is (span name,
 * attribute, event field, resource attribute, status message), which service, and what kind, never
 * the value. The plugin reads traces through Grafana's datasource proxy, so anything stored here
 * any Grafana user with access to the datasource can read: the remedy is at the collector.
 */

/** What was found: a deny-listed key present at all, a value of one reappearing elsewhere, or a pattern. */
export type PrivacyKind = 'email' | 'phone' | 'card' | 'denied_key' | 'denied_value';
export type PrivacyField = 'span_name' | 'attribute' | 'event' | 'resource' | 'status_message';

export interface PrivacyFinding {
  kind: PrivacyKind;
  field: PrivacyField;
  /** The attribute or event field key (itself masked if it looks personal); absent for a span name or status message. */
  key?: string;
  /** Services whose spans carry it, sorted. */
  services: string[];
  /** How many sampled spans carry it. */
  spans: number;
}

export interface PrivacySample {
  traces: number;
  spans: number;
  findings: PrivacyFinding[];
  /** Searches that failed, in words (the service and the error). */
  failures: string[];
  /** Searches sent. */
  searches: number;
}

export interface PrivacyLimits {
  /** Traces read at most, over all searches (default 20). */
  traces: number;
  /** Spans scanned at most (default 2 000). */
  spans: number;
  /** Services searched at most when the search needs a service (default 10). */
  services: number;
  /** How far back the searches look, in microseconds (default 7 days). */
  windowUs: number;
}

export const PRIVACY_LIMITS: PrivacyLimits = { traces: 20, spans: 2000, services: 10, windowUs: 7 * 24 * 3600 * 1e6 };

/** Values of deny-listed keys shorter than this are not looked for elsewhere (too many false hits). */
const SHORTEST_DENIED_VALUE = 4;
const MOST_DENIED_VALUES = 500;
/** Findings listed in the check's message; the rest are counted. */
const LISTED_FINDINGS = 5;

const KIND_ORDER: PrivacyKind[] = ['email', 'phone', 'card', 'denied_key', 'denied_value'];
const KIND_WORDS: Record<PrivacyKind, string> = {
  email: 'an e-mail address',
  phone: 'a phone number',
  card: 'a payment card number',
  denied_key: 'a deny-listed key',
  denied_value: 'a value of a deny-listed key',
};

/** The search: which API, and whether it may leave the service out (one search for all). */
export interface PrivacySearch {
  api: JaegerApi;
  serviceless: boolean;
  /** The configured services Jaeger knows (searched one by one when the search needs a service). */
  services: string[];
}

/**
 * Samples recent traces (one serviceless v3 search, or one search per service sharing the trace
 * budget), reads them raw and scans them.
 */
export async function samplePrivacy(
  jaeger: FetchJson,
  settings: OrderTrackerSettings,
  search: PrivacySearch,
  nowMs: number,
  limits: PrivacyLimits = PRIVACY_LIMITS
): Promise<PrivacySample> {
  const services = search.services.slice(0, limits.services);
  const targets: Array<string | undefined> = search.api === 'v3' && search.serviceless ? [undefined] : services;
  const perSearch = Math.max(1, Math.floor(limits.traces / Math.max(1, targets.length)));
  const endUs = nowMs * 1000;
  const failures: string[] = [];
  const payloads = await Promise.all(
    targets.map(async (service) => {
      const path = searchPath(search.api, service, {}, endUs - limits.windowUs, endUs, perSearch);
      try {
        return await jaeger(path);
      } catch (error) {
        // The v3 search answers "nothing found" with 404.
        if (!/no traces found/i.test(messageOf(error))) {
          failures.push(`${service ?? 'the search of all services'}: ${messageOf(error)}`);
        }
        return undefined;
      }
    })
  );
  const scan = scanPayloads(
    payloads.filter((payload) => payload !== undefined),
    settings,
    limits
  );
  return { ...scan, failures, searches: targets.length };
}

/**
 * Scans trace payloads (Jaeger `/api/traces` or `/api/v3` answers) for personal data, reading
 * every value as stored: the spans are read with no deny-list and no masking.
 */
export function scanPayloads(
  payloads: unknown[],
  settings: OrderTrackerSettings,
  limits: Pick<PrivacyLimits, 'traces' | 'spans'> = PRIVACY_LIMITS
): Omit<PrivacySample, 'failures' | 'searches'> {
  const raw = compileConfig(
    { ...settings, personalDataKeys: [], maskPersonalPatterns: false },
    { maxSpans: limits.spans }
  );
  const denied = compileConfig(settings).mask;
  const patterns = patternDetector(settings);
  const { spans: read } = readSpans(payloads, raw);
  const traceIds: string[] = [];
  const spans: OrderSpan[] = [];
  // A trace of several services comes back from each service's search: every span counts once.
  const seen = new Set<string>();
  for (const span of read) {
    const id = `${span.traceId}/${span.spanId}`;
    if (seen.has(id)) {
      continue;
    }
    seen.add(id);
    if (!traceIds.includes(span.traceId)) {
      if (traceIds.length >= limits.traces) {
        continue;
      }
      traceIds.push(span.traceId);
    }
    spans.push(span);
  }
  const resources = readResources(payloads, new Set(traceIds));

  // Where each string sits, so a deny-listed value can be looked for in every other place.
  interface Place {
    field: PrivacyField;
    key?: string;
    service: string;
    span: string;
    value: AttributeValue;
  }
  const places: Place[] = [];
  for (const span of spans) {
    const id = `${span.traceId}/${span.spanId}`;
    places.push({ field: 'span_name', service: span.service, span: id, value: span.operation });
    if (span.statusMessage !== undefined) {
      places.push({ field: 'status_message', service: span.service, span: id, value: span.statusMessage });
    }
    for (const [key, value] of Object.entries(span.attributes)) {
      places.push({ field: 'attribute', key, service: span.service, span: id, value });
    }
    for (const event of span.events) {
      for (const [key, value] of Object.entries(event.attributes)) {
        places.push({ field: 'event', key, service: span.service, span: id, value });
      }
    }
  }
  for (const resource of resources) {
    for (const [key, value] of Object.entries(resource.attributes)) {
      places.push({
        field: 'resource',
        key,
        service: resource.service,
        span: `resource/${resource.service}/${key}`,
        value,
      });
    }
  }

  const deniedValues = new Set<string>();
  const findings = new Map<string, { finding: PrivacyFinding; spans: Set<string>; services: Set<string> }>();
  const found = (kind: PrivacyKind, place: Place) => {
    const key = place.key === undefined ? undefined : patterns.mask(place.key);
    const id = `${kind}|${place.field}|${key ?? ''}`;
    let entry = findings.get(id);
    if (!entry) {
      entry = {
        finding: { kind, field: place.field, ...(key !== undefined ? { key } : {}), services: [], spans: 0 },
        spans: new Set(),
        services: new Set(),
      };
      findings.set(id, entry);
    }
    entry.spans.add(place.span);
    entry.services.add(place.service);
  };
  const deniedPlaces = new Set<Place>();
  for (const place of places) {
    if (
      place.key !== undefined &&
      (place.field === 'attribute' || place.field === 'event' || place.field === 'resource') &&
      denied.isDenied(place.key)
    ) {
      found('denied_key', place);
      deniedPlaces.add(place);
      if (
        typeof place.value === 'string' &&
        place.value.trim().length >= SHORTEST_DENIED_VALUE &&
        deniedValues.size < MOST_DENIED_VALUES
      ) {
        deniedValues.add(place.value.trim());
      }
    }
  }
  for (const place of places) {
    // A deny-listed key is reported as such; what its value looks like adds nothing.
    if (deniedPlaces.has(place)) {
      continue;
    }
    // A key can be personal itself (`contact.jane@example.com`); it is then shown masked.
    const kinds = new Set(place.key === undefined ? [] : patterns.kinds(place.key));
    if (typeof place.value === 'string' && place.value !== '') {
      patterns.kinds(place.value).forEach((kind) => kinds.add(kind));
    }
    kinds.forEach((kind) => found(kind, place));
    if (typeof place.value !== 'string' || place.value === '') {
      continue;
    }
    for (const value of deniedValues) {
      if (place.value.includes(value)) {
        found('denied_value', place);
        break;
      }
    }
  }
  const list = [...findings.values()].map(({ finding, spans: carrying, services }) => ({
    ...finding,
    services: [...services].sort(),
    spans: carrying.size,
  }));
  list.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      b.spans - a.spans ||
      (a.key ?? '').localeCompare(b.key ?? '')
  );
  return { traces: traceIds.length, spans: spans.length, findings: list };
}

/**
 * Which personal-data patterns a string holds, by the engine's own masker (the one the readers
 * use for the screen): what it replaces, and with which words, says what it found. Its words are
 * learnt from one probe of each kind, so they are never copied here.
 */
function patternDetector(settings: OrderTrackerSettings): {
  kinds(value: string): PrivacyKind[];
  mask(value: string): string;
} {
  const masker = compileConfig({ ...settings, personalDataKeys: [], maskPersonalPatterns: true }).personalData;
  const probes: Array<[PrivacyKind, string]> = [
    ['email', 'probe.person@example.com'],
    ['phone', '+1 202 555 0142'],
    ['card', '4111 1111 1111 1111'],
  ];
  const labels = probes
    .map(([kind, probe]) => [kind, masker.text(probe)] as const)
    .filter(([, label], index) => label !== probes[index][1] && label !== '');
  return {
    kinds(value: string): PrivacyKind[] {
      const masked = masker.text(value);
      if (masked === value) {
        return [];
      }
      return labels.filter(([, label]) => masked.includes(label) && !value.includes(label)).map(([kind]) => kind);
    },
    mask: (value: string) => masker.text(value),
  };
}

interface ResourceAttributes {
  service: string;
  attributes: Record<string, AttributeValue>;
}

/** The resource (process) attributes of the sampled traces: Jaeger's `processes`, OTLP's `resource`. */
function readResources(payloads: unknown[], traceIds: Set<string>): ResourceAttributes[] {
  const resources = new Map<string, ResourceAttributes>();
  const add = (service: string, attributes: Record<string, AttributeValue>) => {
    const id = `${service}|${JSON.stringify(attributes)}`;
    if (!resources.has(id) && resources.size < 200) {
      resources.set(id, { service, attributes });
    }
  };
  for (const payload of payloads) {
    const roots = isRecord(payload) && isRecord(payload.result) ? [payload.result] : isRecord(payload) ? [payload] : [];
    for (const root of roots) {
      // Jaeger /api/traces: {data: [{traceID, processes: {p1: {serviceName, tags: [{key, value}]}}}]}
      for (const trace of asArray(root.data)) {
        if (
          !isRecord(trace) ||
          !traceIds.has(
            String(trace.traceID ?? '')
              .toLowerCase()
              .padStart(32, '0')
          )
        ) {
          continue;
        }
        for (const process of Object.values(isRecord(trace.processes) ? trace.processes : {})) {
          if (isRecord(process)) {
            add(
              String(process.serviceName ?? 'unknown'),
              keyValues(process.tags, (tag) => tag.value)
            );
          }
        }
      }
      // OTLP: {resourceSpans: [{resource: {attributes: [{key, value: {stringValue}}]}, scopeSpans}]}
      for (const resourceSpans of asArray(root.resourceSpans)) {
        if (!isRecord(resourceSpans) || !isRecord(resourceSpans.resource)) {
          continue;
        }
        const attributes = keyValues(resourceSpans.resource.attributes, (attribute) => otlpValue(attribute.value));
        const service = typeof attributes['service.name'] === 'string' ? attributes['service.name'] : 'unknown';
        add(service, attributes);
      }
    }
  }
  return [...resources.values()];
}

function keyValues(list: unknown, valueOf: (item: Record<string, unknown>) => unknown): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const item of asArray(list)) {
    if (isRecord(item) && typeof item.key === 'string') {
      const value = valueOf(item);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        attributes[item.key] = value;
      }
    }
  }
  return attributes;
}

function otlpValue(value: unknown): unknown {
  if (!isRecord(value)) {
    return undefined;
  }
  return value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
}

/** In plain words, never with the value: "a phone number in attribute "note" (mes-api, 12 spans)". */
export function describeFinding(finding: PrivacyFinding): string {
  const where =
    finding.field === 'span_name'
      ? 'span names'
      : finding.field === 'status_message'
        ? 'span status messages'
        : finding.field === 'event'
          ? `event field "${finding.key ?? ''}"`
          : finding.field === 'resource'
            ? `resource attribute "${finding.key ?? ''}"`
            : `attribute "${finding.key ?? ''}"`;
  const services = `${finding.services.join(', ')}; ${finding.spans} ${finding.spans === 1 ? 'span' : 'spans'}`;
  if (finding.kind === 'denied_key') {
    return `deny-listed key "${finding.key ?? ''}"${finding.field === 'attribute' ? '' : ` (${finding.field === 'event' ? 'event field' : 'resource attribute'})`} (${services})`;
  }
  return `${KIND_WORDS[finding.kind]} in ${where} (${services})`;
}

/** The check's verdict: a warning listing the first findings, or ok with the sample's size. */
export function privacyVerdict(sample: PrivacySample): { state: 'ok' | 'warning'; message: string } {
  const size = `${sample.spans} ${sample.spans === 1 ? 'span' : 'spans'} of ${sample.traces} recent ${sample.traces === 1 ? 'trace' : 'traces'}`;
  if (sample.findings.length > 0) {
    const listed = sample.findings.slice(0, LISTED_FINDINGS).map(describeFinding);
    const more = sample.findings.length - listed.length;
    return {
      state: 'warning',
      message:
        `Personal data in stored spans (${size}): ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}. ` +
        'Anyone who may query this Jaeger datasource can read it: remove it at the collector (attributes, redaction or transform processor) before storage.',
    };
  }
  if (sample.failures.length > 0 && sample.spans === 0) {
    return {
      state: 'warning',
      message: `Could not sample stored spans for personal data: ${sample.failures.join('; ')}.`,
    };
  }
  if (sample.spans === 0) {
    return { state: 'ok', message: 'No recent spans to check for personal data.' };
  }
  const partly = sample.failures.length > 0 ? ` (not searched: ${sample.failures.join('; ')})` : '';
  return { state: 'ok', message: `No personal data found in ${size}${partly}.` };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
