import { v4 as uuidv4 } from 'uuid';

/**
 * A new random UUID. The `uuid` package uses `crypto.getRandomValues`, which, unlike
 * `crypto.randomUUID`, also exists on plain http pages (not a secure context).
 *
 * @example newUuid() // '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
 */
export function newUuid(): string {
  return uuidv4();
}

const TWO_POW_21 = 2 ** 21;
// Random words drawn 512 at a time: one getRandomValues call per 256 events instead of one per
// event keeps it off track()'s per-call cost (a call into the browser's crypto costs µs).
const pool = new Uint32Array(512);
let used = pool.length;

/**
 * A `_track_id`: a random integer below 2^53 (Number.MAX_SAFE_INTEGER), so it stays a JSON
 * number as in the seed payloads while being random enough to act as the collector's dedupe
 * key with `distinct_id` (a 1 in 9e15 chance that two events share one).
 *
 * @example newTrackId() // 5170418962845171
 */
export function newTrackId(): number {
  if (used >= pool.length) {
    if (typeof crypto !== 'undefined' && crypto.getRandomValues) crypto.getRandomValues(pool);
    else for (let i = 0; i < pool.length; i++) pool[i] = Math.random() * 2 ** 32;
    used = 0;
  }
  // 32 bits from one word and 21 from the next make 53.
  return (pool[used++]! % TWO_POW_21) * 2 ** 32 + pool[used++]!;
}
