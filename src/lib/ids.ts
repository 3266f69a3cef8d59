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

/**
 * A `_track_id`: a random integer below 2^53 (Number.MAX_SAFE_INTEGER), so it stays a JSON
 * number as in the seed payloads while being random enough to act as the collector's dedupe
 * key with `distinct_id` (a 1 in 9e15 chance that two events share one).
 *
 * @example newTrackId() // 5170418962845171
 */
export function newTrackId(): number {
  const words = new Uint32Array(2);
  const cryptoApi = typeof crypto === 'undefined' ? undefined : crypto;
  if (cryptoApi && cryptoApi.getRandomValues) cryptoApi.getRandomValues(words);
  else for (let i = 0; i < 2; i++) words[i] = Math.floor(Math.random() * 2 ** 32);
  // 32 bits from the first word and 21 from the second make 53.
  return (words[1]! % TWO_POW_21) * 2 ** 32 + words[0]!;
}
