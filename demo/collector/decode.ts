import { gunzipSync } from 'node:zlib';

/** What one request to the collector carried. */
export interface DecodedRequest {
  events: unknown[];
  /** The request asked for validation only (debug mode 1): answer, do not store. */
  dryRun: boolean;
  /** Which wire form it came in, for logs and tests. */
  form: 'data_list' | 'data_list_gzip' | 'data' | 'json';
}

/**
 * Decodes every wire form of DESIGN.md: POST `data_list=<base64 JSON array>&gzip=0|1` (fetch,
 * XHR, sendBeacon), GET `?data=<base64 JSON of one event>` (image send type), and a plain JSON
 * array body. Throws an Error whose message names what is malformed.
 *
 * @example decodeRequest('POST', '/sa', 'application/x-www-form-urlencoded', body).events
 */
export function decodeRequest(method: string, url: string, contentType: string, body: Buffer): DecodedRequest {
  const query = new URL(url, 'http://collector.invalid').searchParams;
  const dryRun = query.get('debug') === '1' || query.get('dry_run') === '1';
  if (method === 'GET') {
    const data = query.get('data');
    if (!data) throw new Error('GET needs a "data" query parameter');
    return { events: [parseJson(fromBase64(data, query.get('gzip') === '1'))], dryRun, form: 'data' };
  }
  const text = body.toString('utf8').trim();
  if (contentType.includes('json') || text.startsWith('[') || text.startsWith('{')) {
    const parsed = parseJson(text);
    return { events: Array.isArray(parsed) ? parsed : [parsed], dryRun, form: 'json' };
  }
  const form = new URLSearchParams(text);
  const dataList = form.get('data_list');
  if (dataList === null) throw new Error('the body has no "data_list" field');
  const gzip = form.get('gzip') === '1';
  const parsed = parseJson(fromBase64(dataList, gzip));
  if (!Array.isArray(parsed)) throw new Error('"data_list" must hold a JSON array');
  return { events: parsed, dryRun: dryRun || form.get('debug') === '1', form: gzip ? 'data_list_gzip' : 'data_list' };
}

function fromBase64(text: string, gzip: boolean): string {
  const bytes = Buffer.from(text, 'base64');
  try {
    return (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch {
    throw new Error('"data_list" is not valid gzip');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('the data is not valid JSON');
  }
}
