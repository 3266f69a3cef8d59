import type { Payload } from '../types';
import { decodeWire } from './decode';
import type { CollectorRequest, FailOptions, TrackedEvent } from './types';

/** How to answer an intercepted request: a response, or drop it as a network failure would. */
export type Answer = { status: number; headers: Record<string, string>; body: Buffer; contentType: string } | 'drop';

/** A request as both interception paths see it. */
export interface InterceptedRequest {
  method: string;
  url: string;
  body: string | undefined;
  origin: string | undefined;
  via: CollectorRequest['via'];
}

const PIXEL_GIF = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/**
 * The fake collector's state and answers, apart from how requests reach it (intercept.ts):
 * decodes each request, answers like the reference collector (CORS headers, a pixel for a GET,
 * 400 for what it cannot read), records accepted payloads once per `distinct_id` and
 * `_track_id`, and plays the faults it is given.
 *
 * @example const recorder = createRecorder(); const answer = await recorder.answer(request, true);
 */
export function createRecorder() {
  const payloads: Payload[] = [];
  const events: TrackedEvent[] = [];
  const profiles: Payload[] = [];
  const duplicates: Payload[] = [];
  const requests: CollectorRequest[] = [];
  const seen = new Set<string>();
  let fault: { status: number; times: number; until: number; retryAfter: number | undefined } | undefined;
  let offline = false;
  let delayMs = 0;

  function faultStatus(): { status: number; retryAfter: number | undefined } | undefined {
    if (!fault || fault.times <= 0 || Date.now() >= fault.until) return (fault = undefined);
    fault.times--;
    return fault;
  }

  function accept(list: Payload[]): void {
    for (const payload of list) {
      const key = payload.distinct_id + '\u0000' + payload._track_id;
      if (seen.has(key)) {
        duplicates.push(payload);
        continue;
      }
      seen.add(key);
      payloads.push(payload);
      if (typeof payload.event === 'string') events.push(payload as TrackedEvent);
      else if (payload.type.startsWith('profile_')) profiles.push(payload);
    }
  }

  /**
   * The answer for `request`, or `undefined` when it carries no tracklet payloads and
   * `mustAnswer` is false (another request: let it go on).
   */
  async function answer(request: InterceptedRequest, mustAnswer: boolean): Promise<Answer | undefined> {
    if (request.method === 'OPTIONS') return mustAnswer ? respond(request, 204, '') : undefined;
    const decoded = await decodeWire(request.method, request.url, request.body);
    // Without a collector URL, only what decodes to tracklet payloads is the collector's.
    if (!mustAnswer && (!decoded || 'error' in decoded)) return undefined;
    const record: CollectorRequest = { method: request.method, url: request.url, payloads: [], status: 0, via: request.via, at: Date.now() };
    requests.push(record);
    if (!decoded || 'error' in decoded) {
      record.error = decoded ? decoded.error : 'no "data_list" or "data" field';
      record.status = 400;
      return respond(request, 400, JSON.stringify({ error: record.error }));
    }
    record.form = decoded.form;
    record.payloads = decoded.payloads;
    if (offline) return 'drop';
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const failure = faultStatus();
    record.status = failure?.status ?? 200;
    if (failure) return respond(request, failure.status, '', failure.retryAfter === undefined ? {} : { 'Retry-After': String(failure.retryAfter) });
    accept(decoded.payloads);
    return request.method === 'GET' ? respond(request, 200, Buffer.from(PIXEL_GIF, 'base64'), {}, 'image/gif') : respond(request, 200, JSON.stringify({ ok: true }));
  }

  return {
    payloads,
    events,
    profiles,
    duplicates,
    requests,
    answer,
    clear(): void {
      for (const list of [payloads, events, profiles, duplicates, requests]) list.length = 0;
      seen.clear();
    },
    fail(options: FailOptions = {}): void {
      const { status = 503, times = Infinity, forMs = Infinity, retryAfter } = options;
      fault = { status, times, until: Date.now() + forMs, retryAfter };
    },
    setOffline(value: boolean): void {
      offline = value;
    },
    delay(ms: number): void {
      delayMs = Math.max(0, ms);
    },
    recover(): void {
      fault = undefined;
      offline = false;
      delayMs = 0;
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;

function respond(request: InterceptedRequest, status: number, body: string | Buffer, extra: Record<string, string> = {}, contentType = 'application/json'): Answer {
  // The reference collector's CORS answer: the page's origin, with credentials (a beacon sends them).
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': request.origin ?? '*', 'Access-Control-Expose-Headers': 'Retry-After', 'Cache-Control': 'no-store', ...extra };
  if (request.origin) headers['Access-Control-Allow-Credentials'] = 'true';
  if (request.method === 'OPTIONS') Object.assign(headers, { 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type' });
  return { status, headers, body: Buffer.from(body), contentType };
}
