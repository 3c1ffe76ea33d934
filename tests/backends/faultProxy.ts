import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request: pass it on, answer 503 (or another status) itself, never
 * answer, pass it on after a delay, or pass on the backend's JSON answer rewritten.
 */
export type Fault =
  'pass' | 'hang' | { status: number; body: string } | { delayMs: number } | { rewrite: (body: unknown) => unknown };
export type FaultRule = (path: string, params: URLSearchParams) => Fault;

export interface FaultProxy {
  /** Base URL to use instead of the backend's. */
  url: string;
  /** Requests seen, and those whose client went away before an answer (a cancelled request). */
  stats: { requests: number; faulted: number; cancelledByClient: number };
  setRule(rule: FaultRule): void;
  stop(): Promise<void>;
}

/** Answers 503 as a load balancer in front of a broken backend would. */
export const UNAVAILABLE: Fault = { status: 503, body: '{"error":"upstream unavailable"}' };

/**
 * A small HTTP proxy on 127.0.0.1 in front of a real backend (Jaeger or Prometheus) that fails,
 * hangs or delays the requests a rule picks, so tests see what the plugin makes of a failing
 * service, a hanging Prometheus or slow searches. Every request it holds ends when its client goes
 * away or the proxy stops.
 */
export async function startFaultProxy(targetUrl: string, rule: FaultRule = () => 'pass'): Promise<FaultProxy> {
  const target = targetUrl.replace(/\/+$/, '');
  let current = rule;
  const stats = { requests: 0, faulted: 0, cancelledByClient: 0 };
  const sockets = new Set<Socket>();
  const forward = async (
    request: IncomingMessage,
    response: ServerResponse,
    signal: AbortSignal,
    rewrite?: (body: unknown) => unknown
  ) => {
    const upstream = await fetch(`${target}${request.url ?? '/'}`, {
      signal,
      headers: { accept: request.headers.accept ?? '*/*' },
    });
    let body = Buffer.from(await upstream.arrayBuffer());
    if (rewrite) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) {
        body = Buffer.from(JSON.stringify(rewrite(parsed)) ?? 'null');
      }
    }
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(body);
  };
  const server: Server = createServer((request, response) => {
    stats.requests++;
    const controller = new AbortController();
    request.on('close', () => {
      if (!response.writableEnded) {
        stats.cancelledByClient++;
        controller.abort();
      }
    });
    const url = request.url ?? '/';
    const fault = current(url.split('?')[0], new URLSearchParams(url.split('?')[1] ?? ''));
    if (fault !== 'pass') {
      stats.faulted++;
    }
    if (fault === 'hang') {
      return;
    }
    if (typeof fault === 'object' && 'status' in fault) {
      response.writeHead(fault.status, { 'content-type': 'application/json' });
      response.end(fault.body);
      return;
    }
    const delayMs = typeof fault === 'object' && 'delayMs' in fault ? fault.delayMs : 0;
    const rewrite = typeof fault === 'object' && 'rewrite' in fault ? fault.rewrite : undefined;
    const timer = setTimeout(() => {
      forward(request, response, controller.signal, rewrite).catch(() => {
        if (!response.headersSent) {
          response.writeHead(502);
        }
        response.end();
      });
    }, delayMs);
    controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setRule: (next) => {
      current = next;
    },
    stop: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => done());
      }),
  };
}

/** Fault proxies a test file starts, all stopped by `stopAll()` (in afterAll). */
export function faultProxies(): {
  start(target: string, rule?: FaultRule): Promise<FaultProxy>;
  stopAll(): Promise<void>;
} {
  const started: FaultProxy[] = [];
  return {
    async start(target, rule) {
      const proxy = await startFaultProxy(target, rule);
      started.push(proxy);
      return proxy;
    },
    async stopAll() {
      await Promise.all(started.map((proxy) => proxy.stop()));
    },
  };
}

/** The searches that name this service, in either Jaeger search API. */
export function searchesIn(service: string): (params: URLSearchParams) => boolean {
  return (params) => params.get('service') === service || params.get('query.serviceName') === service;
}

/**
 * A v3 search for every service, as a storage answers that cannot serve one (400): the plugin
 * then searches per service. The API probe (a deliberately malformed `query.attributes`) passes.
 */
export function isSearchForEveryService(path: string, params: URLSearchParams): boolean {
  if (path !== '/api/v3/traces' || params.has('query.serviceName')) {
    return false;
  }
  try {
    JSON.parse(params.get('query.attributes') ?? '');
    return true;
  } catch {
    return false;
  }
}

/** The search attributes (v3 `query.attributes` or v1 `tags`) of a Jaeger search, parsed. */
export function searchAttributes(params: URLSearchParams): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(params.get('query.attributes') ?? params.get('tags') ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
