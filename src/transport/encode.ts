/**
 * Base64 of bytes, built in slices so a large batch never overflows the argument limit of
 * `String.fromCharCode`.
 *
 * @example base64Bytes(new Uint8Array([104, 105])) // 'aGk='
 */
export function base64Bytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

/**
 * Base64 of the UTF-8 bytes of `text` (btoa alone only takes Latin-1).
 *
 * @example base64Utf8('é') // 'w6k='
 */
export function base64Utf8(text: string): string {
  return base64Bytes(new TextEncoder().encode(text));
}

/**
 * The wire body of DESIGN.md, form-encoded so the request is CORS-simple (no preflight, and
 * `sendBeacon` may carry it cross-origin): `data_list=<base64>&gzip=0|1`.
 *
 * @example formBody(base64Utf8('[{}]'), 0) // 'data_list=W3t9XQ%3D%3D&gzip=0'
 */
export function formBody(data: string, gzip: 0 | 1): string {
  return 'data_list=' + encodeURIComponent(data) + '&gzip=' + gzip;
}

/** Whether a body is to be gzipped: asked for, and the browser has `CompressionStream`. */
export const canGzip = (gzip: boolean) => gzip && typeof CompressionStream === 'function';

/**
 * The body for a JSON array: gzipped with `CompressionStream` where the browser has it
 * (`gzip=1`: base64 of the gzip of the JSON; a batch of tracking events shrinks about 10x),
 * plain (`gzip=0`) elsewhere or when `gzip` is off. Async, so the page-hide path, which must
 * hand its body over synchronously, uses `formBody` directly.
 *
 * @example await encodeBody('[{"event":"buy"}]', true) // 'data_list=H4sIAAAA...&gzip=1'
 */
export async function encodeBody(json: string, gzip: boolean): Promise<string> {
  if (canGzip(gzip)) {
    try {
      const zipped = new Response(new Response(json).body!.pipeThrough(new CompressionStream('gzip')));
      return formBody(base64Bytes(new Uint8Array(await zipped.arrayBuffer())), 1);
    } catch {
      // A broken or partial implementation: send it plain.
    }
  }
  return formBody(base64Utf8(json), 0);
}
