import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Host names that always reach the viewer and the read API: the loopback names. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export interface ReadGuardOptions {
  /** More host names (without port) the viewer and API answer to, e.g. a LAN name. */
  allowedHosts?: string[];
  /** When set, every `/api/` request must carry it (`Authorization: Bearer …` or `?token=`). */
  apiToken?: string;
}

/** Why a request to the viewer or the read API is refused, with the status to answer. */
export interface Refusal {
  status: 401 | 403;
  error: string;
}

/**
 * Guards the viewer and its read API (the ingest path stays open to every page):
 * - DNS rebinding: a page whose host name was rebound to 127.0.0.1 talks to the collector as
 *   its own origin and could read every stored ID. Its requests carry its own name in `Host`,
 *   so only the loopback names (and `allowedHosts`) are answered.
 * - Cross-origin pages: an `Origin` other than the collector's own is refused (a page on
 *   another port could otherwise hold live-stream slots open).
 * - A token, required when the collector listens beyond loopback.
 * Returns undefined when the request may go on.
 *
 * @example const guard = createReadGuard(); const refusal = guard(req, url); if (refusal) sendJson(res, refusal.status, refusal);
 */
export function createReadGuard(options: ReadGuardOptions = {}): (req: IncomingMessage, url: URL) => Refusal | undefined {
  const allowed = new Set([...LOOPBACK_NAMES, ...(options.allowedHosts ?? []).map((name) => name.toLowerCase())]);
  const token = options.apiToken ? Buffer.from(options.apiToken) : undefined;
  return (req, url) => {
    const host = req.headers.host ?? '';
    if (!allowed.has(hostName(host))) {
      return { status: 403, error: 'this collector answers its viewer and API only as ' + [...allowed].join(', ') + ' (got Host ' + JSON.stringify(host.slice(0, 100)) + ')' };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'http://' + host && origin !== 'https://' + host) {
      return { status: 403, error: 'the viewer API is not readable from other origins' };
    }
    if (token && url.pathname.startsWith('/api/') && !sameSecret(token, given(req, url))) {
      return { status: 401, error: 'the API needs the token printed when the collector started (Authorization: Bearer <token>, or ?token=)' };
    }
    return undefined;
  };
}

/** The name part of a Host header: `localhost:8106` → `localhost`, `[::1]:8106` → `[::1]`. */
function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return name.toLowerCase().replace(/\.$/, '');
}

function given(req: IncomingMessage, url: URL): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '');
}

function sameSecret(expected: Buffer, text: string): boolean {
  const candidate = Buffer.from(text);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/**
 * Who may read the viewer's API: the loopback names plus `allowedHosts` and a specific listen
 * address; and a token, required whenever the collector listens beyond loopback (made up here
 * when none is given).
 *
 * @example readAccessFor({ host: '0.0.0.0' }).apiToken // a random token
 */
export function readAccessFor(options: { host?: string; allowedHosts?: string[]; apiToken?: string }): ReadGuardOptions & { allowedHosts: string[] } {
  const host = options.host ?? '127.0.0.1';
  const apiToken = options.apiToken ?? (isLoopback(host) ? undefined : randomBytes(18).toString('base64url'));
  const allowedHosts = [...(options.allowedHosts ?? []), ...(isWildcard(host) ? [] : [host.includes(':') ? '[' + host + ']' : host])];
  return apiToken ? { allowedHosts, apiToken } : { allowedHosts };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
