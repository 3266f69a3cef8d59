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
  /** Bytes of the request body (the query string for a GET). */
  bytes: number;
  /** Bytes of the request line and headers, as received. */
  headerBytes: number;
  /** Which wire form it came in (see the collector's decoder). */
  form: string;
  /** When it arrived (ms). */
  at: number;
}

/** One scripted answer: a status, optionally with headers (e.g. `Retry-After`). */
export type Answer = number | { status: number; headers?: Record<string, string> };

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Every request to `/collect`, decoded, in arrival order. */
  received: Received[];
  /** All events received so far, flattened. */
  events(): Record<string, unknown>[];
  /**
   * Serves `html` at `path` (e.g. '/page.html'), `no-store` unless `headers` say otherwise;
   * `true` stands for a cacheable page (`no-cache`: a `no-store` page is kept out of the
   * back/forward cache).
   */
  page(path: string, html: string, headers?: Record<string, string> | boolean): void;
  /** Answers the next `/collect` requests with `status` (default 200). */
  answer(status: number, headers?: Record<string, string>): void;
  /** Holds each answer this long (ms), like a slow collector. */
  delay(ms: number): void;
  /**
   * While on, every `/collect` connection is dropped unanswered and unrecorded, like a network
   * that is down: nothing gets through, whatever the browser's offline emulation lets out.
   */
  cut(on: boolean): void;
  /** Answers the next requests with these, one each, then goes back to `answer()`'s status. */
  answerSequence(answers: Answer[]): void;
  /** Accepted (2xx) events by `_track_id`: how many distinct, and how many arrived again. */
  counts(): { unique: number; duplicates: number; requests: number };
  /** Resolves when `predicate` holds; rejects after `timeoutMs` with `what` in the message. */
  waitFor(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
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
  const script: Answer[] = [];
  let delayMs = 0;
  let cutOff = false;

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
    if (cutOff) return void req.socket.destroy();
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const contentType = req.headers['content-type'] ?? '';
    const body = Buffer.concat(chunks);
    const decoded = decodeRequest(req.method ?? 'GET', req.url ?? '/', contentType, body);
    const next = script.shift() ?? { status, headers };
    const [code, extra] = typeof next === 'number' ? [next, {}] : [next.status, next.headers ?? {}];
    const bytes = req.method === 'GET' ? new URL(req.url ?? '/', 'http://x').search.length : body.length;
    // The request line and headers; the query of a GET is counted once, as its body.
    const requestLine = (req.method + ' ' + req.url + ' HTTP/1.1\r\n').length - (req.method === 'GET' ? bytes : 0);
    const headerBytes = requestLine + req.rawHeaders.reduce((sum, part, i) => sum + part.length + (i % 2 ? 4 : 0), 2);
    received.push({ method: req.method ?? '', url: req.url ?? '', contentType, events: decoded.events as Record<string, unknown>[], status: code, bytes, headerBytes, form: decoded.form, at: Date.now() });
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    res.writeHead(code, { ...cors, ...extra, 'Content-Type': 'application/json' }).end('{}');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const events = () => received.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.events);

  return {
    origin: (options.https ? 'https' : 'http') + '://127.0.0.1:' + port,
    port,
    received,
    events,
    page: (path, html, headers) =>
      void pages.set(path, { html, headers: headers === true ? { 'Cache-Control': 'no-cache' } : headers || undefined }),
    answer(next, nextHeaders = {}) {
      status = next;
      headers = nextHeaders;
    },
    delay(ms) {
      delayMs = ms;
    },
    cut(on) {
      cutOff = on;
    },
    answerSequence(answers) {
      script.splice(0, script.length, ...answers);
    },
    counts() {
      const all = events();
      const unique = new Set(all.map((e) => e._track_id)).size;
      return { unique, duplicates: all.length - unique, requests: received.length };
    },
    async waitFor(predicate, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('timed out after ' + timeoutMs + ' ms waiting for ' + what);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
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
