import { gunzipSync } from 'node:zlib';
import { LIMITS } from './limits';

/** What one request to the collector carried. */
export interface DecodedRequest {
  events: unknown[];
  /** The request asked for validation only (debug mode 1): answer, do not store. */
  dryRun: boolean;
  /** Which wire form it came in, for logs and tests. */
  form: 'data_list' | 'data_list_gzip' | 'data' | 'json';
}

/** Why a request could not be decoded; `status` is the HTTP answer it deserves (400 or 413). */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** A gzip body may inflate to at most this many bytes (a 1 KB "zip bomb" can hold gigabytes). */
export const MAX_INFLATED_BYTES = LIMITS.inflatedBytes;

/**
 * Decodes every wire form of DESIGN.md: POST `data_list=<base64 JSON array>&gzip=0|1` (fetch,
 * XHR, sendBeacon), GET `?data=<base64 JSON of one event>` (image send type), the same `data`
 * field in a POST form (the image type's fallback when the URL would be too long), and a plain
 * JSON array body. Throws a DecodeError whose message names what is malformed: 400 for
 * malformed or too deeply nested data, 413 for more than `LIMITS.eventsPerRequest` events or a
 * gzip body that inflates past `LIMITS.inflatedBytes`.
 *
 * @example decodeRequest('POST', '/sa', 'application/x-www-form-urlencoded', body).events
 */
export function decodeRequest(method: string, url: string, contentType: string, body: Buffer): DecodedRequest {
  const query = new URL(url, 'http://collector.invalid').searchParams;
  const dryRun = query.get('debug') === '1' || query.get('dry_run') === '1';
  if (method === 'GET') {
    const data = query.get('data');
    if (!data) throw new DecodeError('GET needs a "data" query parameter');
    return { events: [parseJson(fromBase64('data', data, query.get('gzip') === '1'))], dryRun, form: 'data' };
  }
  const text = body.toString('utf8').trim();
  if (!text) throw new DecodeError('the body is empty; expected data_list=<base64 JSON array>');
  if (contentType.includes('json') || text.startsWith('[') || text.startsWith('{')) {
    const parsed = parseJson(text);
    return { events: countChecked(Array.isArray(parsed) ? parsed : [parsed]), dryRun, form: 'json' };
  }
  const form = new URLSearchParams(text);
  const formDryRun = dryRun || form.get('debug') === '1';
  const gzip = form.get('gzip') === '1';
  const dataList = form.get('data_list');
  if (dataList === null) {
    const single = form.get('data');
    if (single === null) throw new DecodeError('the body has no "data_list" field');
    return { events: [parseJson(fromBase64('data', single, gzip))], dryRun: formDryRun, form: 'data' };
  }
  const parsed = parseJson(fromBase64('data_list', dataList, gzip));
  if (!Array.isArray(parsed)) throw new DecodeError('"data_list" must hold a JSON array');
  return { events: countChecked(parsed), dryRun: formDryRun, form: gzip ? 'data_list_gzip' : 'data_list' };
}

function fromBase64(field: string, text: string, gzip: boolean): string {
  // A query string decodes an unescaped "+" to a space; base64 never holds spaces, so put it back.
  const bytes = Buffer.from(text.replace(/ /g, '+'), 'base64');
  if (!gzip) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DecodeError('"' + field + '" inflates to more than ' + MAX_INFLATED_BYTES + ' bytes', 413);
    }
    throw new DecodeError('"' + field + '" is not valid gzip');
  }
}

function countChecked(events: unknown[]): unknown[] {
  if (events.length > LIMITS.eventsPerRequest) {
    throw new DecodeError('the batch holds ' + events.length + ' events; at most ' + LIMITS.eventsPerRequest + ' per request', 413);
  }
  return events;
}

function parseJson(text: string): unknown {
  // Checked before parsing: a value nested thousands deep parses, but overflows the stack of
  // every recursive step after it (validation, JSON.stringify when storing) and lost the batch.
  if (nestedDeeperThan(text, LIMITS.jsonDepth)) throw new DecodeError('the data nests arrays and objects deeper than ' + LIMITS.jsonDepth + ' levels');
  try {
    return JSON.parse(text);
  } catch {
    throw new DecodeError('the data is not valid JSON');
  }
}

/**
 * True when JSON `text` opens more than `max` arrays/objects inside one another. One pass over
 * the characters, skipping strings (and the escapes in them); no recursion.
 */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 91 || code === 123) {
      if (++depth > max) return true;
    } else if (code === 93 || code === 125) depth--;
  }
  return false;
}
