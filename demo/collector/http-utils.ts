import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The body was larger than the limit; answer 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super('the body is larger than ' + limit + ' bytes');
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body, refusing (BodyTooLargeError) as soon as it passes `limit` bytes or
 * announces more in Content-Length, so a huge upload never sits in memory.
 *
 * @example const body = await readBody(req, 1_000_000);
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The rest of a refused body is read and dropped, so the client gets to read the 413.
    const refuse = () => {
      req.removeAllListeners('data');
      req.resume();
      reject(new BodyTooLargeError(limit));
    };
    if (Number(req.headers['content-length'] ?? 0) > limit) return refuse();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * CORS headers for any origin. The Origin is echoed with credentials allowed because
 * `sendBeacon` always sends in credentials mode "include", where `*` is not accepted
 * (https://fetch.spec.whatwg.org/#cors-protocol-and-credentials); `Retry-After` is exposed so
 * the SDK's fetch sender can read it across origins.
 *
 * @example res.writeHead(204, corsHeaders(req));
 */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  };
  if (origin) headers['Access-Control-Allow-Credentials'] = 'true';
  if (req.method === 'OPTIONS') {
    headers['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
    headers['Access-Control-Allow-Headers'] = req.headers['access-control-request-headers'] ?? 'Content-Type';
    headers['Access-Control-Max-Age'] = '86400';
  }
  return headers;
}

/**
 * Answers with a JSON body (and any extra headers, e.g. CORS).
 *
 * @example sendJson(res, 400, { error: 'distinct_id must be a non-empty string' });
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Starts listening and resolves with the base URL (`http://127.0.0.1:<port>`), so port 0
 * reports the port it got; rejects on EADDRINUSE and the like.
 *
 * @example const url = await listen(server, 0, '127.0.0.1');
 */
export async function listen(server: Server, port: number, host: string): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return { url: 'http://' + (address.includes(':') ? '[' + address + ']' : address) + ':' + bound, port: bound };
}
