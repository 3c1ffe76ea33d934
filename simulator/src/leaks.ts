import { Attributes, SpanContext, SpanKind } from '@opentelemetry/api';
import { ServiceName } from './lifecycle';
import { OrderPlan, Step } from './plan';
import { Rng, deriveSeed } from './rng';
import { SpanSpec, SpanWriter } from './spans/types';

/**
 * The leaky world (`--leaky`): the same orders as instrumented by careless services that put
 * personal data into their telemetry, the way real ones do. The clean flow is the reference
 * instrumentation (span names are route templates, no personal attribute); this one is what a
 * collector's redaction and Order Tracker's privacy check exist for. Every value is fictional:
 * example.com addresses, 555 phone numbers, the well-known test card number.
 *
 * It draws nothing from the clean world's generators: the spans it adds take their ids from a
 * stream of their own, and the spans it rewrites keep theirs, so the leaky world has the clean
 * world's traces, ids and times, with personal data on top.
 */

/** What a privacy check calls a leak: a deny-listed key present at all, or a value that looks personal. */
export type LeakKind = 'denied_key' | 'email' | 'phone' | 'card' | 'person_name';
/** Where the value sits: the span's name, one of its attributes, or a field of one of its events. */
export type LeakField = 'span_name' | 'attribute' | 'event';

/** One kind of leak in one place, with how many of the order's spans carry it and one of them. */
export interface TruthLeak {
  kind: LeakKind;
  service: ServiceName;
  field: LeakField;
  /** The attribute or event field key; absent for the span name. */
  key?: string;
  spans: number;
  traceId: string;
  spanId: string;
}

interface Person {
  name: string;
  email: string;
  phone: string;
  street: string;
  city: string;
}

/** Fictional people: the reserved example.com domain, numbers in the 555-01xx range kept for fiction. */
const PEOPLE: readonly Person[] = [
  {
    name: 'Jane Roe',
    email: 'jane.roe@example.com',
    phone: '+1 202 555 0142',
    street: '12 Example Lane',
    city: 'Springfield',
  },
  {
    name: 'John Doe',
    email: 'john.doe@example.com',
    phone: '+1 202 555 0178',
    street: '34 Sample Road',
    city: 'Shelbyville',
  },
  {
    name: 'Richard Roe',
    email: 'richard.roe@example.com',
    phone: '+1 312 555 0113',
    street: '56 Fiction Street',
    city: 'Ogdenville',
  },
  {
    name: 'Mary Major',
    email: 'mary.major@example.com',
    phone: '+1 415 555 0199',
    street: '78 Placeholder Way',
    city: 'North Haverbrook',
  },
];

/** The payment industry's test card number: Luhn-valid, never a real account. */
export const TEST_CARD_NUMBER = '4111 1111 1111 1111';

/** A plan's fictional customer (the plan's own customer draw is left alone, so ids never move). */
function personOf(plan: OrderPlan): Person {
  return PEOPLE[plan.index % PEOPLE.length];
}

/** Where a planted leak sits, before the span (and so its ids) exists. */
export interface Planted {
  kind: LeakKind;
  field: LeakField;
  key?: string;
}

const SALT = 300;
/** Services whose SDKs copy the W3C baggage onto every span (a `BaggageSpanProcessor`): the shop sets `enduser.id`. */
const BAGGAGE_SERVICES: ReadonlySet<ServiceName> = new Set<ServiceName>(['shop-api', 'crm-api']);

export class LeakyWorld {
  /** The leaks of the step being emitted, keyed by where they are, in the order found. */
  private stepLeaks = new Map<string, TruthLeak>();
  private readonly rngs = new Map<number, Rng>();
  private readonly counts = new Map<LeakKind, number>();

  constructor(private readonly seed: number) {}

  /** The spec a careless service would have sent instead, and what it carries. */
  rewrite(spec: SpanSpec, plan: OrderPlan, step: Step): { spec: SpanSpec; planted: Planted[] } {
    const person = personOf(plan);
    const attributes: Attributes = { ...spec.attributes };
    const planted: Planted[] = [];
    const aboutTheOrder = typeof spec.attributes['order.id'] === 'string';
    if (aboutTheOrder && BAGGAGE_SERVICES.has(spec.service) && !spec.withoutServiceName) {
      attributes['enduser.id'] = person.email;
      planted.push({ kind: 'denied_key', field: 'attribute', key: 'enduser.id' });
    }
    const method = spec.attributes['http.request.method'];
    if (spec.service === 'shop-api' && spec.layer === 'http-server' && (method === 'POST' || method === 'PUT')) {
      // The request body logged as an attribute "for debugging".
      attributes['http.request.body'] = JSON.stringify({
        orderId: plan.orderId,
        contact: { email: person.email, phone: person.phone },
        payment: { card: TEST_CARD_NUMBER },
      });
      planted.push(
        { kind: 'email', field: 'attribute', key: 'http.request.body' },
        { kind: 'phone', field: 'attribute', key: 'http.request.body' },
        { kind: 'card', field: 'attribute', key: 'http.request.body' }
      );
    }
    if (step.kind === 'create' && spec.service === 'shop-api' && spec.layer === 'http-server') {
      const customer: Attributes = {
        'customer.name': person.name,
        'customer.email': person.email,
        'customer.phone': person.phone,
        'customer.address.street': person.street,
        'customer.address.city': person.city,
      };
      Object.assign(attributes, customer);
      planted.push(...Object.keys(customer).map((key): Planted => ({ kind: 'denied_key', field: 'attribute', key })));
    }
    if (spec.layer === 's3' && typeof spec.attributes['aws.s3.key'] === 'string') {
      attributes['aws.s3.key'] = spec.attributes['aws.s3.key'].replace(/model\.stl$/, `${person.name} - bracket.stl`);
      planted.push({ kind: 'person_name', field: 'attribute', key: 'aws.s3.key' });
    }
    if (spec.service === 'mes-api' && spec.layer === 'http-server' && aboutTheOrder) {
      attributes['mes.work_order.note'] = `Deliver to ${person.name}, call ${person.phone} first`;
      planted.push(
        { kind: 'person_name', field: 'attribute', key: 'mes.work_order.note' },
        { kind: 'phone', field: 'attribute', key: 'mes.work_order.note' }
      );
    }
    return { spec: planted.length > 0 ? { ...spec, attributes } : spec, planted };
  }

  /** Files what a span carries under the step's leaks, now that the span has its ids. */
  record(spec: SpanSpec, planted: Planted[], context: SpanContext): void {
    for (const leak of planted) {
      const place = `${leak.kind}|${spec.service}|${leak.field}|${leak.key ?? ''}`;
      const known = this.stepLeaks.get(place);
      if (known) {
        known.spans++;
      } else {
        this.stepLeaks.set(place, {
          kind: leak.kind,
          service: spec.service,
          field: leak.field,
          ...(leak.key !== undefined ? { key: leak.key } : {}),
          spans: 1,
          traceId: context.traceId,
          spanId: context.spanId,
        });
      }
      this.counts.set(leak.kind, (this.counts.get(leak.kind) ?? 0) + 1);
    }
  }

  /** The order's own id stream for the spans the leaky world adds. */
  rngOf(plan: OrderPlan): Rng {
    let rng = this.rngs.get(plan.index);
    if (!rng) {
      rng = new Rng(deriveSeed(this.seed, plan.index, SALT));
      this.rngs.set(plan.index, rng);
    }
    return rng;
  }

  /**
   * Spans a careless service adds to the step (their ids from `rngOf(plan)`, which the caller
   * hands to the id generator first): after the draft is created the shop looks the customer up
   * in the CRM by e-mail address, and the CRM's span is named with the address (no route
   * template) and records a handled exception that names the customer.
   */
  extraSpans(plan: OrderPlan, step: Step, root: SpanContext | undefined, out: SpanWriter): void {
    if (step.kind !== 'create' || !root) {
      return;
    }
    const person = personOf(plan);
    const at = (fraction: number) => step.atMs + step.durationMs * fraction;
    const path = `/customers/${person.email}`;
    const client = out.span({
      service: 'shop-api',
      layer: 'http-client',
      name: 'GET',
      kind: SpanKind.CLIENT,
      startMs: at(0.72),
      endMs: at(0.95),
      parent: root,
      attributes: {
        'http.request.method': 'GET',
        'url.full': `http://crm-api:8080${path}`,
        'server.address': 'crm-api',
        'server.port': 8080,
        'http.response.status_code': 200,
        'order.id': plan.orderId,
      },
    });
    out.span({
      service: 'crm-api',
      layer: 'http-server',
      name: `GET ${path}`,
      kind: SpanKind.SERVER,
      startMs: at(0.74),
      endMs: at(0.93),
      parent: client,
      attributes: {
        'http.request.method': 'GET',
        'url.path': path,
        'url.scheme': 'https',
        'server.address': 'crm-api.alexandrite.internal',
        'server.port': 8080,
        'http.response.status_code': 200,
        'order.id': plan.orderId,
      },
      events: [
        {
          name: 'exception',
          atMs: at(0.9),
          attributes: {
            'exception.type': 'com.alexandrite.crm.UnpaidInvoiceWarning',
            'exception.message': `${person.name} has an unpaid invoice`,
            'exception.escaped': false,
          },
        },
      ],
    });
  }

  /** Planted for spans the leaky world adds itself (which `rewrite` does not see as leaks of their own). */
  extraLeaks(spec: SpanSpec): Planted[] {
    if (
      spec.service === 'shop-api' &&
      spec.layer === 'http-client' &&
      String(spec.attributes['url.full'] ?? '').includes('/customers/')
    ) {
      return [{ kind: 'email', field: 'attribute', key: 'url.full' }];
    }
    if (spec.service === 'crm-api' && spec.name.startsWith('GET /customers/')) {
      return [
        { kind: 'email', field: 'span_name' },
        { kind: 'email', field: 'attribute', key: 'url.path' },
        { kind: 'person_name', field: 'event', key: 'exception.message' },
      ];
    }
    return [];
  }

  /** The leaks of the step just emitted (empty when none), and a fresh start for the next step. */
  takeStepLeaks(): TruthLeak[] {
    const leaks = [...this.stepLeaks.values()];
    this.stepLeaks = new Map();
    return leaks;
  }

  /** Leaks planted so far per kind: one per span and place (a span with five customer keys counts five). */
  summary(): Record<LeakKind, number> {
    const kinds: LeakKind[] = ['denied_key', 'email', 'phone', 'card', 'person_name'];
    return Object.fromEntries(kinds.map((kind) => [kind, this.counts.get(kind) ?? 0])) as Record<LeakKind, number>;
  }
}
