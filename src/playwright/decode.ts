import type { Payload } from '../types';

/** Which form a request carried its payloads in (the forms of the README's "Wire format"). */
export type WireForm = 'data_list' | 'data_list_gzip' | 'data' | 'data_gzip';

/** What one intercepted request carried, or why it could not be read. */
export type DecodedWire = { form: WireForm; payloads: Payload[] } | { error: string };

/**
 * Reads tracklet's wire format, as the reference collector does, with the web platform's own
 * `atob` and `DecompressionStream` (Node 18+): a POST body `data_list=<base64 JSON array>&gzip=0|1`
 * (fetch, XHR and sendBeacon alike), a GET `?data=<base64 JSON of one payload>` (the `image`
 * send type) or the same `data` field in a POST (its fallback when the URL is too long).
 * Returns `undefined` when the request carries none of these fields (not a tracking request).
 *
 * @example await decodeWire('POST', 'https://collect.example.com/sa', 'data_list=W3t9XQ%3D%3D&gzip=0')
 */
export async function decodeWire(method: string, url: string, body: string | undefined): Promise<DecodedWire | undefined> {
  const fields = method === 'GET' ? new URL(url).searchParams : new URLSearchParams(body ?? '');
  const gzip = fields.get('gzip') === '1';
  const list = method === 'GET' ? null : fields.get('data_list');
  const single = fields.get('data');
  if (list === null && single === null) return undefined;
  try {
    const json = JSON.parse(await fromBase64(list ?? single!, gzip)) as unknown;
    const payloads = list === null ? [json] : json;
    if (!Array.isArray(payloads)) return { error: '"data_list" does not hold a JSON array' };
    const bad = payloads.findIndex((p) => !isPayload(p));
    if (bad >= 0) return { error: 'item ' + bad + ' is not a tracklet payload (an object with "type" and "distinct_id")' };
    return { form: ((list === null ? 'data' : 'data_list') + (gzip ? '_gzip' : '')) as WireForm, payloads: payloads as Payload[] };
  } catch (error) {
    return { error: 'undecodable ' + (list === null ? '"data"' : '"data_list"') + ': ' + (error as Error).message };
  }
}

function isPayload(value: unknown): boolean {
  const record = value as Record<string, unknown> | null;
  return typeof record === 'object' && record !== null && typeof record.type === 'string' && typeof record.distinct_id === 'string';
}

async function fromBase64(text: string, gzip: boolean): Promise<string> {
  // A query string turns an unescaped "+" into a space; base64 never holds one.
  const bytes = Uint8Array.from(atob(text.replace(/ /g, '+')), (char) => char.charCodeAt(0));
  if (!gzip) return new TextDecoder().decode(bytes);
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(inflated).text();
}
