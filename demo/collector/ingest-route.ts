import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeRequest, DecodeError } from './decode';
import { BodyTooLargeError, corsHeaders, readBody, sendJson } from './http-utils';
import type { LiveFeed } from './live-feed';
import type { Store } from './store';
import { isRejection, validateEvent, type Rejection, type ValidEvent } from './validate';

export interface IngestDeps {
  store: Store;
  feed: LiveFeed;
  maxBodyBytes: number;
  log: (line: string) => void;
}

/** The JSON answer to an ingest request. */
export interface IngestAnswer {
  ok: boolean;
  form?: string;
  received: number;
  stored: number;
  duplicates: number;
  /** True for a debug (dry-run) request: validated and answered, nothing stored. */
  dryRun: boolean;
  rejected: ({ index: number } & Rejection)[];
  error?: string;
}

// A 1x1 transparent GIF: the image send type loads the answer as an <img>, which fires its
// error handler (and a retry) on anything that is not an image.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Handles a request to the ingest path: decode, validate each event, store the valid ones in
 * one transaction, publish them to the live feed, and answer. 200 when at least one event was
 * valid (refused ones are listed in `rejected`), 400 when none was or the request is
 * malformed, 413 above the body limit, 405 for methods other than GET, POST and OPTIONS.
 *
 * @example if (url.pathname === '/sa') return handleIngest(req, res, deps);
 */
export async function handleIngest(req: IncomingMessage, res: ServerResponse, deps: IngestDeps): Promise<void> {
  const cors = corsHeaders(req);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, cors).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    return sendJson(res, 405, failure('method ' + req.method + ' is not allowed; use POST (or GET for the image send type)'), { ...cors, Allow: 'GET, POST, OPTIONS' });
  }
  let answer: IngestAnswer;
  try {
    const body = req.method === 'POST' ? await readBody(req, deps.maxBodyBytes) : Buffer.alloc(0);
    answer = ingest(decodeRequest(req.method, req.url ?? '/', req.headers['content-type'] ?? '', body), deps);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, failure(error.message), { ...cors, Connection: 'close' });
    if (error instanceof DecodeError) return sendJson(res, error.status, failure(error.message), cors);
    throw error;
  }
  deps.log(`${req.method} ${answer.form}: ${answer.stored} stored, ${answer.duplicates} duplicate, ${answer.rejected.length} rejected${answer.dryRun ? ' (debug, not stored)' : ''}`);
  if (answer.ok && req.method === 'GET') {
    res.writeHead(200, { ...cors, 'Content-Type': 'image/gif', 'Content-Length': PIXEL.length, 'Cache-Control': 'no-store' }).end(PIXEL);
    return;
  }
  sendJson(res, answer.ok ? 200 : 400, answer, cors);
}

function ingest(request: ReturnType<typeof decodeRequest>, deps: IngestDeps): IngestAnswer {
  const valid: ValidEvent[] = [];
  const rejected: IngestAnswer['rejected'] = [];
  request.events.forEach((event, index) => {
    const result = validateEvent(event);
    if (isRejection(result)) rejected.push({ index, ...result });
    else valid.push(result);
  });
  const answer: IngestAnswer = { ok: valid.length > 0, form: request.form, received: request.events.length, stored: 0, duplicates: 0, dryRun: request.dryRun, rejected };
  if (!request.events.length) answer.error = 'the batch holds no events';
  else if (!valid.length) answer.error = rejected[0]!.reason + (rejected.length > 1 ? ' (and ' + (rejected.length - 1) + ' more refused events)' : '');
  if (request.dryRun) return answer;
  const now = Date.now();
  if (rejected.length) {
    deps.store.recordRejects(rejected.map((rejection) => ({ rejection, payload: request.events[rejection.index] })), now);
    deps.feed.publish('rejects', rejected.map(({ field, reason }) => ({ field, reason, received_at: now })));
  }
  if (valid.length) {
    const result = deps.store.ingest(valid, now);
    answer.stored = result.stored.length;
    answer.duplicates = result.duplicates;
    if (result.stored.length) deps.feed.publish('events', result.stored);
  }
  return answer;
}

function failure(error: string): IngestAnswer {
  return { ok: false, received: 0, stored: 0, duplicates: 0, dryRun: false, rejected: [], error };
}
