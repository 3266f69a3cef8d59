import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeRequest, DecodeError } from './decode';
import { BodyTooLargeError, corsHeaders, readBody, sendJson } from './http-utils';
import type { ItemStore } from './item-store';
import { LIMITS } from './limits';
import type { Store } from './store';
import { deviceFromHeaders, withDevice, type DeviceProperties } from './user-agent';
import { validateEvent, type Rejection, type ValidEvent } from './validate';
import { isItemPayload, validateItem, type ValidItem } from './validate-item';

export interface IngestDeps {
  store: Store;
  items: ItemStore;
  maxBodyBytes: number;
  log: (line: string) => void;
}

/** The JSON answer to an ingest request. */
export interface IngestAnswer {
  ok: boolean;
  form?: string;
  received: number;
  /** Events stored, and Sensors items (`item_set` / `item_delete`) applied. */
  stored: number;
  duplicates: number;
  /** True for a debug (dry-run) request: validated and answered, nothing stored. */
  dryRun: boolean;
  /** The first LIMITS.rejectsListed refused events, by index in the batch. */
  rejected: ({ index: number } & Rejection)[];
  /** How many events were refused in all (more than `rejected` lists when there are many). */
  rejectedCount: number;
  error?: string;
}

// A 1x1 transparent GIF: the image send type loads the answer as an <img>, which fires its
// error handler (and a retry) on anything that is not an image.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Handles a request to the ingest path: decode, validate each event, store the valid ones in
 * one transaction (the store announces them on the live feed), and answer. 200 when at least one event was
 * valid (the first refused ones are listed in `rejected`, all counted in `rejectedCount`), 400
 * when none was or the request is malformed, 413 above the body, inflated-size or event-count
 * limit, 405 for methods other than GET, POST and OPTIONS.
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
    answer = await ingest(decodeRequest(req.method, req.url ?? '/', req.headers['content-type'] ?? '', body), deviceFromHeaders(req.headers), deps);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, failure(error.message), { ...cors, Connection: 'close' });
    if (error instanceof DecodeError) return sendJson(res, error.status, failure(error.message), cors);
    // The connection went while the body was read: the client left, or the request timeout cut a slow body.
    if (req.socket.destroyed) return deps.log(req.method + ' cut off while reading its body: ' + (error as Error).message);
    throw error;
  }
  deps.log(`${req.method} ${answer.form}: ${answer.stored} stored, ${answer.duplicates} duplicate, ${answer.rejectedCount} rejected${answer.dryRun ? ' (debug, not stored)' : ''}`);
  if (answer.ok && req.method === 'GET') {
    res.writeHead(200, { ...cors, 'Content-Type': 'image/gif', 'Content-Length': PIXEL.length, 'Cache-Control': 'no-store' }).end(PIXEL);
    return;
  }
  sendJson(res, answer.ok ? 200 : 400, answer, cors);
}

async function ingest(request: ReturnType<typeof decodeRequest>, device: DeviceProperties, deps: IngestDeps): Promise<IngestAnswer> {
  const valid: ValidEvent[] = [];
  const items: ValidItem[] = [];
  const rejected: IngestAnswer['rejected'] = [];
  let rejectedCount = 0;
  request.events.forEach((event, index) => {
    const result = isItemPayload(event) ? validateItem(event as Record<string, unknown>) : validateEvent(event);
    if (!('type' in result)) {
      // Only the first few are listed, stored and published: a batch of junk costs its count.
      if (++rejectedCount <= LIMITS.rejectsListed) rejected.push({ index, ...result });
    } else if (isItemPayload(result)) items.push(result as ValidItem);
    else valid.push(withDeviceOf(result as ValidEvent, device));
  });
  const accepted = valid.length + items.length;
  const answer: IngestAnswer = { ok: accepted > 0, form: request.form, received: request.events.length, stored: 0, duplicates: 0, dryRun: request.dryRun, rejected, rejectedCount };
  if (!request.events.length) answer.error = 'the batch holds no events';
  else if (!accepted) answer.error = rejected[0]!.reason + (rejectedCount > 1 ? ' (and ' + (rejectedCount - 1) + ' more refused events)' : '');
  if (request.dryRun) return answer;
  const now = Date.now();
  if (rejectedCount) {
    // The rejects step publishes them, with their kept payload, once they are stored.
    await deps.store.recordRejects(rejected.map((rejection) => ({ rejection, payload: request.events[rejection.index] })), rejectedCount, now);
  }
  if (valid.length) {
    const result = await deps.store.ingest(valid, now);
    answer.stored = result.stored.length;
    answer.duplicates = result.duplicates;
  }
  if (items.length) {
    answer.stored += items.length;
    await deps.items.apply(items, now);
  }
  return answer;
}

/**
 * Adds the browser, OS and device derived from the request to a `track*` event's properties
 * (the sender's own values win). Profile operations are left alone: their properties are the
 * profile, and a `$browser` there would be written into it.
 */
function withDeviceOf(event: ValidEvent, device: DeviceProperties): ValidEvent {
  return event.type.startsWith('track') ? { ...event, properties: withDevice(event.properties, device) } : event;
}

function failure(error: string): IngestAnswer {
  return { ok: false, received: 0, stored: 0, duplicates: 0, dryRun: false, rejected: [], rejectedCount: 0, error };
}
