/**
 * Everything one request can make the collector do is bounded by these numbers (documented in
 * demo/collector/README.md, "Limits"). Each is a few times what the tracklet SDK ever sends, so
 * real traffic never meets them, while a 2 KB hostile body can no longer turn into a million
 * rows, a 72 MB answer or seconds of stalled requests.
 */
export const LIMITS = {
  /** Events in one request. The SDK sends at most 500 (its `batchSize`); more is a 413. */
  eventsPerRequest: 500,
  /** Bytes a gzip body may inflate to. The SDK's bodies are at most ~60 KB, chosen for ~480 KB of JSON. */
  inflatedBytes: 1024 * 1024,
  /** Nesting of arrays and objects in a request's JSON; an SDK event nests 3 deep. Deeper is a 400. */
  jsonDepth: 20,
  /** Properties of one event. The SDK sends at most 100 of the caller's, plus presets and super properties. */
  propertiesPerEvent: 500,
  /** Identities of one event (cookie, anonymous and login IDs plus the bound ones). */
  identitiesPerEvent: 100,
  /** Characters of one string value anywhere in `properties` (the SDK cuts at 255 by default). */
  stringLength: 8192,
  /** Items of one list value in `properties` (the SDK cuts at 100). */
  listLength: 500,
  /** Refused events of one request that are stored, listed in the answer and in the live feed; the rest are counted. */
  rejectsListed: 20,
  /** Rows the `rejects` table keeps; the oldest go first. */
  rejectRowsKept: 5000,
  /** Characters of a refused event's payload kept in its row. */
  rejectPayloadChars: 4096,
} as const;

/** The HTTP server's bounds; `startCollector` takes overrides (tests shorten the timeouts). */
export interface ServerLimits {
  /** A request's headers must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** A whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** Open connections at once; more are closed on arrival. */
  maxConnections: number;
  /** Live-stream viewers at once. */
  maxStreams: number;
  /** Live-stream viewers from one client address. */
  maxStreamsPerClient: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 256,
  maxStreams: 32,
  maxStreamsPerClient: 8,
};
