import { all, dialect, lock, notify, run, value, type Database, type Dialect, type Step } from './database';
import { createIdentityGraph, pairsOf, type UserMerge } from './identity-graph';
import { LIMITS } from './limits';
import { applyProfile } from './profile-ops';
import type { Rejection, ValidEvent } from './validate';

/** A stored event as the live feed and the viewer list show it. */
export interface EventSummary {
  id: number;
  track_id: number;
  distinct_id: string;
  user_id: number;
  type: string;
  event: string | null;
  time: number;
  received_at: number;
  /** From the event's properties (derived at ingest from the User-Agent unless the sender set them); null when absent. */
  browser: string | null;
  browser_version: string | null;
  os: string | null;
  os_version: string | null;
  device_type: string | null;
  /** `$url_path`, else `$url`, of the event's properties; null when it has neither. */
  path: string | null;
  /** The first few of the event's own properties (keys not starting with `$`), as a JSON object text. */
  props: string;
}

/** Own properties a summary carries, for the viewer's "properties at a glance". */
export const SUMMARY_OWN_PROPERTIES = 4;

/**
 * The summary's property columns, read from a stored payload with each store's JSON functions:
 * no column to add (and no schema version to bump) for what is already in `payload`.
 */
export const SUMMARY_PROPERTY_COLUMNS = { sqlite: summaryColumns('sqlite'), postgres: summaryColumns('postgres') } as const;

function summaryColumns(dialect: Dialect): string {
  return (
    [
      ['browser', ['$browser']],
      ['browser_version', ['$browser_version']],
      ['os', ['$os']],
      ['os_version', ['$os_version']],
      ['device_type', ['$device_type']],
      ['path', ['$url_path', '$url']],
    ] as const
  )
    .map(([column, keys]) => {
      const texts = keys.map((key) => scalarText(key, dialect));
      return (texts.length > 1 ? 'coalesce(' + texts.join(', ') + ')' : texts[0]) + ' AS ' + column;
    })
    .join(', ')
    .concat(', ', ownPropertiesColumn(dialect), ' AS props');
}

/**
 * The first SUMMARY_OWN_PROPERTIES own properties, in the order the event sent them, as JSON
 * object text (what `summaryProperties` gives for an event being stored).
 */
function ownPropertiesColumn(dialect: Dialect): string {
  if (dialect === 'postgres') {
    // `json` (not `jsonb`) keeps the keys in their sent order; each value's text is as stored (compact).
    return `coalesce((SELECT '{' || string_agg(to_json(key)::text || ':' || value::text, ',' ORDER BY n) || '}'
      FROM (SELECT key, value, n FROM json_each(payload::json -> 'properties') WITH ORDINALITY AS p(key, value, n)
            WHERE left(key, 1) <> '$' ORDER BY n LIMIT ${SUMMARY_OWN_PROPERTIES}) AS own), '{}')`;
  }
  // json_each gives booleans as 1/0 and nested values as text: both are put back as JSON.
  return `(SELECT json_group_object(key, CASE WHEN type IN ('object', 'array') THEN json(value) WHEN type = 'true' THEN json('true') WHEN type = 'false' THEN json('false') ELSE value END)
     FROM (SELECT key, value, type FROM json_each(payload, '$.properties') WHERE substr(key, 1, 1) <> '$' LIMIT ${SUMMARY_OWN_PROPERTIES}))`;
}

/** A property as text when it is a string or a number (as `summaryProperties` takes it), else NULL. */
function scalarText(key: string, dialect: Dialect): string {
  if (dialect === 'postgres') {
    const property = `(payload::jsonb -> 'properties' -> '${key}')`;
    return `CASE WHEN jsonb_typeof${property} IN ('string', 'number') THEN payload::jsonb -> 'properties' ->> '${key}' END`;
  }
  const path = `'$.properties."${key}"'`;
  return `CASE WHEN json_type(payload, ${path}) IN ('text', 'integer', 'real') THEN CAST(json_extract(payload, ${path}) AS TEXT) END`;
}

/** The summary's property fields of an event being stored, as SUMMARY_PROPERTY_COLUMNS reads them back. */
function summaryProperties(properties: Record<string, unknown>): Pick<EventSummary, 'browser' | 'browser_version' | 'os' | 'os_version' | 'device_type' | 'path' | 'props'> {
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);
  return {
    browser: text(properties.$browser),
    browser_version: text(properties.$browser_version),
    os: text(properties.$os),
    os_version: text(properties.$os_version),
    device_type: text(properties.$device_type),
    path: text(properties.$url_path) ?? text(properties.$url),
    props: JSON.stringify(Object.fromEntries(Object.entries(properties).filter(([key]) => !key.startsWith('$')).slice(0, SUMMARY_OWN_PROPERTIES))),
  };
}

/** A refused payload as the `rejects` table keeps it (and the live feed shows it): JSON, cut to LIMITS.rejectPayloadChars. */
export function keptRejectPayload(payload: unknown): string {
  return (JSON.stringify(payload) ?? String(payload)).slice(0, LIMITS.rejectPayloadChars);
}

export interface IngestResult {
  stored: EventSummary[];
  /** Events already stored (same `_track_id` and `distinct_id`); answered, not stored again. */
  duplicates: number;
  /** Users merged by this batch's identity events, oldest first: the viewer relabels their rows. */
  merges: UserMerge[];
}

export interface Store {
  /** Stores a batch in one transaction: events, identity links and profiles commit together. */
  ingest(events: ValidEvent[], receivedAt: number): Promise<IngestResult>;
  /**
   * Keeps refused events (payload cut to 4 KB) so the viewer can show why they were refused:
   * `rejects` are the ones to keep (the caller passes the first few), `total` how many the
   * request had (added to the `rejected` counter). The table keeps its newest rows only.
   */
  recordRejects(rejects: { rejection: Rejection; payload: unknown }[], total: number, receivedAt: number): Promise<void>;
}

const SQL = {
  seen: 'SELECT 1 FROM events WHERE track_id = ? AND distinct_id = ?',
  /** PostgreSQL: which of the batch's (track_id, distinct_id) are stored, in one round trip. */
  seenOfBatch: 'SELECT track_id, distinct_id FROM events WHERE (track_id, distinct_id) IN (SELECT * FROM unnest(?::bigint[], ?::text[]))',
  insert: 'INSERT INTO events (track_id, distinct_id, user_id, type, event, time, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
  reject: 'INSERT INTO rejects (received_at, field, reason, payload) VALUES (?, ?, ?, ?)',
  countRejected: "UPDATE counters SET value = value + ? WHERE name = 'rejected'",
  // Rows are only ever added at the top, so everything below the newest N's lowest id can go:
  // one index walk, however many rows a request added.
  trimRejects: 'DELETE FROM rejects WHERE id < (SELECT id FROM rejects ORDER BY id DESC LIMIT 1 OFFSET ?)',
};

/**
 * The write side of the collector, on either store. De-duplicates on (`_track_id`,
 * `distinct_id`) before any side effect, so a re-sent batch changes neither identities nor
 * profiles twice; the unique key on those columns keeps that true across collectors. Stored
 * events, merges and refused events are announced on the live feed when their transaction commits.
 *
 * @example (await createStore(database).ingest([event], Date.now())).stored.length // 1
 */
export function createStore(database: Database): Store {
  return {
    ingest: (events, receivedAt) => database.write(() => ingestStep(events, receivedAt)),
    recordRejects: (rejects, total, receivedAt) => database.write(() => recordRejectsStep(rejects, total, receivedAt)),
  };
}

function* ingestStep(events: ValidEvent[], receivedAt: number): Step<IngestResult> {
  const graph = createIdentityGraph();
  const stored: EventSummary[] = [];
  let duplicates = 0;
  // SQLite has one writer and answers a prepared lookup per event faster than one query of a
  // batch-sized list; PostgreSQL, across the network and shared by collectors, the other way round.
  let seen: Set<string> | undefined;
  if ((yield* dialect()) === 'postgres') {
    // Every ID the batch names, locked first: batches about the same people from several
    // collectors run one after the other, as in one collector.
    const pairs = events.flatMap((event) => pairsOf(event));
    yield* lock([...new Set([...events.flatMap((event) => [event.distinct_id, ...Object.values(event.identities)]), ...pairs.map((pair) => pair[1])])]);
    // Read under the locks: no other collector can link or unlink these IDs until this commits.
    yield* graph.prefetch(pairs);
    const rows = yield* all<{ track_id: number; distinct_id: string }>(SQL.seenOfBatch, events.map((event) => event._track_id), events.map((event) => event.distinct_id));
    seen = new Set(rows.map((row) => row.track_id + ' ' + row.distinct_id));
  }
  for (const event of events) {
    const key = event._track_id + ' ' + event.distinct_id;
    if (seen ? seen.has(key) : yield* value(SQL.seen, event._track_id, event.distinct_id)) {
      duplicates++;
      continue;
    }
    seen?.add(key);
    const userId = yield* graph.attribute(event, receivedAt);
    if (event.type.startsWith('profile_')) {
      yield* graph.writeProfile(userId, applyProfile(yield* graph.readProfile(userId), event.type, event.properties));
    }
    const name = typeof event.event === 'string' ? event.event : null;
    const time = Math.round(event.time);
    const id = (yield* value<number>(SQL.insert, event._track_id, event.distinct_id, userId, event.type, name, time, receivedAt, JSON.stringify(event)))!;
    stored.push({ id, track_id: event._track_id, distinct_id: event.distinct_id, user_id: userId, type: event.type, event: name, time, received_at: receivedAt, ...summaryProperties(event.properties) });
  }
  const merges = [...graph.merges];
  // Merges before the events: the viewer relabels the rows it shows, then adds the new ones.
  if (merges.length) yield* notify('merges', merges);
  if (stored.length) yield* notify('events', stored);
  return { stored, duplicates, merges };
}

function* recordRejectsStep(rejects: { rejection: Rejection; payload: unknown }[], total: number, receivedAt: number): Step<void> {
  const listed = rejects.map(({ rejection: { field, reason }, payload }) => ({ field, reason, received_at: receivedAt, payload: keptRejectPayload(payload) }));
  for (const { field, reason, payload } of listed) yield* run(SQL.reject, receivedAt, field, reason, payload);
  yield* run(SQL.countRejected, total);
  yield* run(SQL.trimRejects, LIMITS.rejectRowsKept - 1);
  // With the kept payload: at most LIMITS.rejectsListed × LIMITS.rejectPayloadChars (80 KB) per request.
  yield* notify('rejects', { rejects: listed, count: total });
}
