import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SdkAdapter } from './sdks';

/** The host name pages use for the collector; Chromium maps it to 127.0.0.1. */
export const COLLECTOR_HOST = 'collector.test';
export const BENCH_EVENT = 'bench_event';
const MAX_BODY = 16 * 1024 * 1024;

/** One request to a run's endpoint. */
export interface RequestLog {
  at: number;
  method: string;
  path: string;
  status: number;
  /** Request line, headers and body, as they came over the socket. */
  bytes: number;
  events: number;
  error?: string;
}

/** A bench event that was answered 2xx. */
export interface Arrival {
  seq: number;
  id: string | undefined;
  at: number;
}

/** One measurement's endpoint: its own path prefix, answer status and records. */
export interface Run {
  id: string;
  sdk: SdkAdapter;
  /** `http://collector.test:<port>/c/<sdk>/<run>`; each SDK appends its own paths. */
  endpoint: string;
  /** What the endpoint answers event requests with (200, or 503 for an outage). */
  status: number;
  requests: RequestLog[];
  arrivals: Arrival[];
  /** Names of other events that arrived (automatic events the settings did not turn off). */
  otherEvents: string[];
}

export interface Collector {
  openRun(sdk: SdkAdapter): Run;
  close(): Promise<void>;
}

/**
 * The bench collector, on 127.0.0.1 only: decodes every SDK's wire format through its adapter,
 * answers CORS (pages come from another origin, as on a real site), and records per run what
 * arrived, when, and how many bytes it took. Requests outside a known run get a 404.
 *
 * @example const run = collector.openRun(mixpanel); // api_host: run.endpoint
 */
export async function startCollector(): Promise<Collector> {
  const runs = new Map<string, Run>();
  let next = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => res.writeHead(500).end(String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const [, prefix, , runId] = new URL(url, 'http://x').pathname.split('/');
    const run = prefix === 'c' ? runs.get(runId ?? '') : undefined;
    const cors = corsHeaders(req);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size <= MAX_BODY) chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const log: RequestLog = { at: Date.now(), method: req.method ?? '', path: url, status: 204, bytes: wireBytes(req, size), events: 0 };
    if (!run) return void res.writeHead(404, cors).end();
    run.requests.push(log);
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    log.status = run.status;
    if (run.status < 200 || run.status >= 300) {
      return void res.writeHead(run.status, { ...cors, 'Content-Type': 'application/json' }).end('{"error":"unavailable"}');
    }
    try {
      const events = body.length || req.method === 'GET' ? run.sdk.decode({ method: log.method, url, headers: req.headers, body }) : [];
      log.events = events.length;
      for (const event of events) {
        const seq = Number(event.properties.seq);
        if (event.name === BENCH_EVENT && event.properties.run === run.id && Number.isInteger(seq)) run.arrivals.push({ seq, id: event.id, at: log.at });
        else run.otherEvents.push(event.name);
      }
    } catch (error) {
      log.error = String(error).slice(0, 200);
    }
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(run.sdk.okBody(log.events));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    openRun(sdk) {
      const id = 'r' + ++next;
      const run: Run = { id, sdk, endpoint: `http://${COLLECTOR_HOST}:${port}/c/${sdk.name}/${id}`, status: 200, requests: [], arrivals: [], otherEvents: [] };
      runs.set(id, run);
      return run;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// Credentialed requests (Mixpanel's XHR) need the origin echoed and Allow-Credentials; a
// preflight is answered for whatever headers it asks for, and cached for 10 minutes.
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    ...(origin ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type'),
    'Access-Control-Max-Age': '600',
    'Cache-Control': 'no-store',
  };
}

// HTTP/1.1 request line + raw headers + CRLF + body: what the browser put on the socket.
function wireBytes(req: IncomingMessage, bodyBytes: number): number {
  let bytes = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`) + 2;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) bytes += Buffer.byteLength(req.rawHeaders[i]!) + Buffer.byteLength(req.rawHeaders[i + 1]!) + 4;
  return bytes + bodyBytes;
}
