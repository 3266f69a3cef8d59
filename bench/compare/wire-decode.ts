import { gunzipSync } from 'node:zlib';

/**
 * Decoding helpers shared by the SDK adapters: the SDKs put JSON on the wire as base64 (of
 * UTF-8, sometimes of gzip), form fields, or plain JSON, and not always the same one per call.
 */

const GZIP_MAGIC = [0x1f, 0x8b];

/** Gunzips `bytes` when they start with the gzip magic number, else returns them unchanged. */
export function maybeGunzip(bytes: Buffer): Buffer {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1] ? gunzipSync(bytes) : bytes;
}

/**
 * Parses a wire value that is JSON, base64 of JSON, or base64 of gzipped JSON (standard or URL
 * alphabet); throws when it is none of these.
 */
export function parseLooseJson(value: string): unknown {
  const text = value.trim();
  if (text.startsWith('[') || text.startsWith('{')) return JSON.parse(text);
  const decoded = maybeGunzip(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')).toString('utf8');
  try {
    return JSON.parse(decoded);
  } catch {
    // Some encoders base64 the percent-encoded text rather than its UTF-8 bytes.
    return JSON.parse(decodeURIComponent(decoded));
  }
}

/** The query parameters of a request URL. */
export function queryOf(url: string): URLSearchParams {
  return new URL(url, 'http://collector.invalid').searchParams;
}

/** Form fields of a urlencoded body, or undefined when the body is not a form. */
export function formOf(body: Buffer, contentType: string | undefined): URLSearchParams | undefined {
  const text = body.toString('utf8');
  if ((contentType ?? '').includes('json') || /^\s*[[{]/.test(text)) return undefined;
  return text.includes('=') ? new URLSearchParams(text) : undefined;
}

/** A parsed payload as a list: an array as is, one object as a list of one. */
export function asList(parsed: unknown): Record<string, unknown>[] {
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.filter((item): item is Record<string, unknown> => !!item && typeof item === 'object');
}

/** `value` as a plain object ({} for anything else). */
export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Header value as one string. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
