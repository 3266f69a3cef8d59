/** What the collector answered: `status` 0 means no answer (network error, blocked, offline). */
export interface SendResult {
  ok: boolean;
  status: number;
  /** Seconds from a `Retry-After` header, when the collector sent one. */
  retryAfter?: number | undefined;
  /** The answer's body when it is a JSON object (the collector lists refused events there). */
  answer?: Record<string, unknown> | undefined;
}

/**
 * Puts one request on the wire: a POST of `body`, or a GET of `url` when there is no body (the
 * `image` send type). One implementation per file (fetch, XHR), so the queue in front of them
 * never knows which API carried a batch.
 */
export interface Sender {
  send(url: string, body?: string): Promise<SendResult>;
}

export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** Reads `Retry-After` as seconds; the HTTP-date form becomes seconds from now. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * The answer's body when it parses to a JSON object (or list), else undefined (empty, a GIF,
 * HTML, malformed).
 *
 * @example parseAnswer('{"rejected":[]}') // { rejected: [] }
 */
export function parseAnswer(text: string): Record<string, unknown> | undefined {
  try {
    const answer: unknown = JSON.parse(text);
    return answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
