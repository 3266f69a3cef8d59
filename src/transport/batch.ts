/** One queued event as the batcher sees it: its JSON. */
interface Sized {
  b: string;
}

// `,"_flush_time":1700000000000` is stamped on each event as it leaves (see stampJson).
const STAMP = 28;

/**
 * How many of the leading `events` form the next request: at most `maxCount`, and JSON of at
 * most `maxBytes` characters (the array's brackets, commas and flush stamps counted) — but
 * always at least one, so an event larger than the limit still goes out alone and the
 * collector decides (a 413 then drops it with a report).
 *
 * @example batchLength(queued, 50, 40_000) // 50, or fewer when they are large
 */
export function batchLength(events: Sized[], maxCount: number, maxBytes: number): number {
  let n = 0;
  for (let bytes = 1; n < events.length && n < maxCount; n++) {
    bytes += events[n]!.b.length + 1 + STAMP;
    if (n && bytes > maxBytes) break;
  }
  return n;
}

/**
 * The JSON array of a batch, each event stamped with `_flush_time` (the moment this attempt
 * leaves) by string surgery: events are stored as JSON, so none is parsed again to send it.
 *
 * @example stampJson([{ b: '{"a":1}' }], 5) // '[{"a":1,"_flush_time":5}]'
 */
export function stampJson(events: Sized[], flushTime: number): string {
  return '[' + events.map((e) => e.b.slice(0, -1) + ',"_flush_time":' + flushTime + '}').join(',') + ']';
}
