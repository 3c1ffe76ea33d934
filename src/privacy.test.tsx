/**
 * Personal data never reaches the screen: a corpus of spans that carries it in every place a
 * careless service puts it (span names, exception messages, S3 keys, queue names, nested keys under
 * deny-listed ones, phone and card numbers, another customer's failed request without an order id)
 * is loaded by the order page, the stuck-orders page and the overview for every role, and the whole
 * rendered DOM (text, attributes, aria labels, titles, tooltips, expanded rows) must not hold any of it.
 */
import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { OverviewScene } from './pages/Overview/OverviewScene';
import { StuckOrdersScene } from './pages/StuckOrders/StuckOrdersScene';
import { OrderTrackerSettings } from './settings/types';
import { testIds } from './utils/testIds';
import { fetcherOver, Route, fakeFetch } from './test/fakeBackend';
import { boundary, installOrderPageBoundary, jaegerDatasource, renderOrder, ROLES, SETTINGS } from './test/orderPageHarness';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  hasPermission: (action: string) => boundary.granted.has(action),
  getDataSourceSrv: () => ({
    get: async () => jaegerDatasource,
    getInstanceSettings: () => ({ uid: 'jaeger-uid', type: 'jaeger', name: 'Jaeger', meta: { id: 'jaeger' } }),
  }),
  config: { ...jest.requireActual('@grafana/runtime').config, appSubUrl: '' },
}));

installOrderPageBoundary();

const ORDER = 'ALX-2026-000777';
/** Everything personal the corpus holds, as a careless service writes it. */
const PERSONAL = [
  'jane.roe@example.com',
  'Jane Roe',
  'Springfield',
  'Evergreen Terrace 742',
  '+44 20 7946 0958',
  '4111 1111 1111 1111',
  'john.doe@example.org',
  'John Doe',
  '5555 5555 5555 4444',
];

type Tag = { key: string; type: string; value: string | number | boolean };
const tag = (key: string, value: string | boolean): Tag => ({
  key,
  type: typeof value === 'boolean' ? 'bool' : 'string',
  value,
});

interface CorpusSpan {
  traceId: string;
  spanId: string;
  service: string;
  operation: string;
  startUs: number;
  tags: Tag[];
  logs?: Array<{ timestamp: number; fields: Tag[] }>;
}

function corpus(nowUs: number): CorpusSpan[] {
  const at = (minutesAgo: number) => nowUs - minutesAgo * 60_000_000;
  const exception = (minutesAgo: number, message: string) => [
    { timestamp: at(minutesAgo), fields: [tag('event', 'exception'), tag('exception.message', message)] },
  ];
  return [
    {
      traceId: '11111111111111111111111111111111',
      spanId: '1111111111111111',
      service: 'shop-api',
      operation: 'POST /customers/jane.roe@example.com/orders',
      startUs: at(130),
      tags: [
        tag('order.id', ORDER),
        tag('order.status', 'SUBMITTED'),
        tag('span.kind', 'server'),
        tag('customer.name', 'Jane Roe'),
        tag('customer.address.city', 'Springfield'),
        tag('customer.address.street', 'Evergreen Terrace 742'),
        tag('http.url', 'https://shop.example.com/customers/Jane Roe?phone=+44 20 7946 0958'),
      ],
    },
    {
      traceId: '22222222222222222222222222222222',
      spanId: '2222222222222222',
      service: 'shop-api',
      operation: 'PUT s3://uploads/Jane Roe/Springfield/ring.stl',
      startUs: at(120),
      tags: [
        tag('order.id', ORDER),
        tag('span.kind', 'client'),
        tag('aws.s3.bucket', 'uploads'),
        tag('aws.s3.key', 'Jane Roe/Springfield/ring.stl'),
        tag('error', true),
        tag('otel.status_description', 'upload for Jane Roe refused, card 4111 1111 1111 1111 on file'),
      ],
      logs: exception(120, 'Jane Roe has an unpaid invoice; call +44 20 7946 0958'),
    },
    {
      traceId: '33333333333333333333333333333333',
      spanId: '3333333333333333',
      service: 'shop-api',
      operation: 'publish orders.Jane Roe.files',
      startUs: at(119),
      tags: [
        tag('order.id', ORDER),
        tag('span.kind', 'producer'),
        tag('messaging.system', 'rabbitmq'),
        tag('messaging.destination.name', 'orders.Jane Roe.files'),
        tag('customer.email', 'jane.roe@example.com'),
      ],
    },
    {
      // Another customer's failed request: no order id, the kind the stuck page names as a cause.
      traceId: '44444444444444444444444444444444',
      spanId: '4444444444444444',
      service: 'shop-api',
      operation: 'GET /customers/john.doe@example.org/files',
      startUs: at(20),
      tags: [
        tag('span.kind', 'server'),
        tag('customer.name', 'John Doe'),
        tag('error', true),
        tag('otel.status_description', 'John Doe: card 5555 5555 5555 4444 declined'),
      ],
      logs: exception(20, 'John Doe: card 5555 5555 5555 4444 declined'),
    },
  ];
}

/** A Jaeger `/api/traces` search over the corpus: one service, every tag on one span of the trace. */
function jaegerOver(spans: CorpusSpan[]): Route {
  return (url) => {
    if (!url.includes('/proxy/uid/jaeger-uid/api/traces')) {
      return new Error(`unexpected ${url}`);
    }
    const params = new URLSearchParams(url.split('?')[1]);
    const service = params.get('service');
    const wanted = Object.entries(JSON.parse(params.get('tags') ?? '{}') as Record<string, string>);
    const traceIds = new Set(
      spans
        .filter(
          (span) =>
            span.service === service &&
            wanted.every(([key, value]) => span.tags.some((t) => t.key === key && String(t.value) === value))
        )
        .map((span) => span.traceId)
    );
    const data = [...traceIds].map((traceId) => ({
      traceID: traceId,
      spans: spans
        .filter((span) => span.traceId === traceId)
        .map((span) => ({
          traceID: traceId,
          spanID: span.spanId,
          operationName: span.operation,
          references: [],
          startTime: span.startUs,
          duration: 200_000,
          tags: span.tags,
          logs: span.logs ?? [],
          processID: 'p1',
          warnings: null,
        })),
      processes: { p1: { serviceName: spans.find((span) => span.traceId === traceId)?.service, tags: [] } },
      warnings: null,
    }));
    return { data, total: data.length, limit: 0, offset: 0, errors: null };
  };
}

/** Every occurrence of personal data in the DOM: text, attributes (aria, title, href, data-*). */
function leaks(): string[] {
  const html = document.body.outerHTML;
  const decoded = html.replace(/&amp;/g, '&').replace(/&nbsp;/g, ' ').replace(/\u00a0/g, ' ');
  const found: string[] = [];
  for (const value of PERSONAL) {
    for (const form of [value, encodeURIComponent(value), value.replace(/ /g, '+')]) {
      if (decoded.toLowerCase().includes(form.toLowerCase())) {
        found.push(form);
      }
    }
  }
  // The first name alone, in case a value is cut.
  for (const part of ['jane', 'john.doe', 'evergreen']) {
    if (decoded.toLowerCase().includes(part)) {
      found.push(part);
    }
  }
  return [...new Set(found)];
}

function renderScene(body: StuckOrdersScene | OverviewScene) {
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-7d', to: 'now' }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
  render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
}

const settings: OrderTrackerSettings = { ...SETTINGS, prometheusDatasourceUid: undefined };
const roles = Object.keys(ROLES) as Array<keyof typeof ROLES>;

function answerWithCorpus(): Route {
  const route = jaegerOver(corpus(Date.now() * 1000));
  const fetch = fakeFetch(route);
  boundary.answer = (url) => fetch({ url });
  return route;
}

describe('no personal data on any page, for any role', () => {
  it.each(roles)('the order page, as %s: verdict, evidence, swimlane, every tooltip', async (role) => {
    boundary.granted = new Set(ROLES[role]);
    answerWithCorpus();
    renderOrder(ORDER, settings);
    await screen.findByTestId(testIds.orderPage.header);
    expect(screen.getByTestId(testIds.orderPage.verdict)).toHaveTextContent('SUBMITTED');
    // The swimlane drew the bars whose names and attributes carried the personal data.
    expect(document.body.textContent).toContain('shop-api');
    expect(leaks()).toEqual([]);
    // Walk every bar with the keyboard: each tooltip in turn.
    const area = await screen.findByRole('application');
    act(() => area.focus());
    const labels = new Set<string>();
    for (let step = 0; step < 12; step++) {
      const active = await screen.findByTestId(testIds.swimlane.activeBar);
      labels.add(active.getAttribute('aria-label') ?? '');
      expect([active.getAttribute('aria-label'), leaks()]).toEqual([active.getAttribute('aria-label'), []]);
      fireEvent.keyDown(active, { key: step % 4 === 3 ? 'ArrowDown' : 'ArrowRight' });
    }
    expect(labels.size).toBeGreaterThan(1);
    // The masked things are named, so the cause stays useful.
    expect(document.body.textContent).toMatch(/\[(personal data|an e-mail address|a phone number|a card number)\]/);
  });

  it.each(roles)('the stuck-orders page, as %s: rows, causes and every expanded row', async (role) => {
    boundary.granted = new Set(ROLES[role]);
    const route = answerWithCorpus();
    renderScene(new StuckOrdersScene({ settings, fetcherFor: fetcherOver(fakeFetch(route)) }));
    const [cell] = await screen.findAllByTestId(testIds.stuck.row, undefined, { timeout: 10_000 });
    expect(cell).toHaveTextContent(ORDER);
    for (const button of screen.getAllByRole('button', { name: /expand/i })) {
      fireEvent.click(button);
    }
    await screen.findByTestId(testIds.stuck.details);
    expect(leaks()).toEqual([]);
  });

  it.each(roles)('the overview, as %s', async (role) => {
    boundary.granted = new Set(ROLES[role]);
    const route = answerWithCorpus();
    renderScene(new OverviewScene({ settings, fetcherFor: fetcherOver(fakeFetch(route)) }));
    await screen.findByTestId(testIds.overview.traceOnly, undefined, { timeout: 10_000 });
    // The order was read: the lead-time breakdown and the trace-only counts are built from it.
    await waitFor(() => expect(screen.getByTestId(testIds.overview.leadTime)).toHaveTextContent('1 orders'));
    expect(screen.getByTestId(testIds.overview.traceOnly)).toHaveTextContent('1 orders found');
    expect(leaks()).toEqual([]);
  });
});
