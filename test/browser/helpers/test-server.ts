import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { decodeRequest } from '../../../demo/collector/decode';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json', '.html': 'text/html' };

/** One request the collector endpoint received. */
export interface Received {
  method: string;
  url: string;
  contentType: string;
  events: Record<string, unknown>[];
  status: number;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Every request to `/collect`, decoded, in arrival order. */
  received: Received[];
  /** All events received so far, flattened. */
  events(): Record<string, unknown>[];
  /** Serves `html` at `path` (e.g. '/page.html'), `no-store` unless `headers` say otherwise. */
  page(path: string, html: string, headers?: Record<string, string>): void;
  /** Answers the next `/collect` requests with `status` (default 200). */
  answer(status: number, headers?: Record<string, string>): void;
  /** Resolves when `count` events have arrived; rejects after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs?: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 for browser tests: serves `dist/` and test pages, and records
 * and decodes every request to `/collect` with the reference collector's decoder.
 *
 * @example const server = await startTestServer(); server.page('/a.html', '<script src="/dist/tracklet.min.js"></script>');
 */
export async function startTestServer(options: { https?: boolean } = {}): Promise<TestServer> {
  const pages = new Map<string, { html: string; headers: Record<string, string> | undefined }>();
  const received: Received[] = [];
  let status = 200;
  let headers: Record<string, string> = {};

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error) => {
      res.writeHead(500).end(String(error));
    });
  };
  const server = options.https ? createHttpsServer(selfSignedCertificate(), listener) : createServer(listener);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/collect') return collect(req, res);
    const page = pages.get(path);
    if (page) {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store', ...page.headers }).end(page.html);
      return;
    }
    if (path.startsWith('/dist/')) {
      const file = normalize(join(ROOT, path));
      if (!file.startsWith(join(ROOT, 'dist'))) return void res.writeHead(403).end();
      const body = await readFile(file).catch(() => undefined);
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      return;
    }
    res.writeHead(404).end();
  }

  async function collect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Headers': 'Content-Type' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const contentType = req.headers['content-type'] ?? '';
    const decoded = decodeRequest(req.method ?? 'GET', req.url ?? '/', contentType, Buffer.concat(chunks));
    received.push({ method: req.method ?? '', url: req.url ?? '', contentType, events: decoded.events as Record<string, unknown>[], status });
    res.writeHead(status, { ...cors, ...headers, 'Content-Type': 'application/json' }).end('{}');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const events = () => received.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.events);

  return {
    origin: (options.https ? 'https' : 'http') + '://127.0.0.1:' + port,
    port,
    received,
    events,
    page: (path, html, headers) => void pages.set(path, { html, headers }),
    answer(next, nextHeaders = {}) {
      status = next;
      headers = nextHeaders;
    },
    async waitForEvents(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events().length < count) {
        if (Date.now() > deadline) throw new Error('expected ' + count + ' events, received ' + events().length);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return events();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A throwaway certificate for 127.0.0.1 made with openssl; the browser is told to accept it. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tracklet-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}
