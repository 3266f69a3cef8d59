import type { Payload } from '../types';

/**
 * Base64 of the UTF-8 bytes of `text` (btoa alone only takes Latin-1). Built in slices so a
 * large batch never overflows the argument limit of `String.fromCharCode`.
 *
 * @example base64Utf8('é') // 'w6k='
 */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

/**
 * The wire body of DESIGN.md: `data_list=<base64 of the JSON array>&gzip=0`, form-encoded so
 * the request is CORS-simple (no preflight, and `sendBeacon` may carry it cross-origin).
 * Stamps `_flush_time` on each event: the moment it leaves, per attempt.
 *
 * @example encodeBatch([payload], Date.now()) // 'data_list=W3si...&gzip=0'
 */
export function encodeBatch(events: Payload[], flushTime: number): string {
  for (const event of events) event._flush_time = flushTime;
  return new URLSearchParams({ data_list: base64Utf8(JSON.stringify(events)), gzip: '0' }).toString();
}
