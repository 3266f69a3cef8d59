/**
 * Headers on the viewer's files. Defence in depth: the viewer renders collected data as text
 * only, but should a bug ever let markup through, the policy allows no script, style or
 * connection but the collector's own files, and no page may frame the viewer (clickjacking).
 */
export const VIEWER_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** Headers on the API's JSON answers: never sniffed as HTML, never framed. */
export const API_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};
