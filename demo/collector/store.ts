import type { Database } from 'better-sqlite3';
import { createIdentityGraph, type UserMerge } from './identity-graph';
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
}

/**
 * The summary's property columns, read from a stored payload with SQLite's JSON functions:
 * no column to add (and no schema version to bump) for what is already in `payload`.
 */
export const SUMMARY_PROPERTY_COLUMNS = (
  [
    ['browser', ['$browser']],
    ['browser_version', ['$browser_version']],
    ['os', ['$os']],
    ['os_version', ['$os_version']],
    ['device_type', ['$device_type']],
    ['path', ['$url_path', '$url']],
  ] as const
)
  .map(([column, keys]) => (keys.length > 1 ? 'coalesce(' + keys.map(scalarText).join(', ') + ')' : scalarText(keys[0])) + ' AS ' + column)
  .join(', ');

/** A property as text when it is a string or a number (as `summaryProperties` takes it), else NULL. */
function scalarText(key: string): string {
  const path = `'$.properties."${key}"'`;
  return `CASE WHEN json_type(payload, ${path}) IN ('text', 'integer', 'real') THEN CAST(json_extract(payload, ${path}) AS TEXT) END`;
}

/** The summary's property fields of an event being stored, as SUMMARY_PROPERTY_COLUMNS reads them back. */
function summaryProperties(properties: Record<string, unknown>): Pick<EventSummary, 'browser' | 'browser_version' | 'os' | 'os_version' | 'device_type' | 'path'> {
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);
  return {
    browser: text(properties.$browser),
    browser_version: text(properties.$browser_version),
    os: text(properties.$os),
    os_version: text(properties.$os_version),
    device_type: text(properties.$device_type),
    path: text(properties.$url_path) ?? text(properties.$url),
  };
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
  ingest(events: ValidEvent[], receivedAt: number): IngestResult;
  /**
   * Keeps refused events (payload cut to 4 KB) so the viewer can show why they were refused:
   * `rejects` are the ones to keep (the caller passes the first few), `total` how many the
   * request had (added to the `rejected` counter). The table keeps its newest rows only.
   */
  recordRejects(rejects: { rejection: Rejection; payload: unknown }[], total: number, receivedAt: number): void;
}

/**
 * The write side of the collector. De-duplicates on (`_track_id`, `distinct_id`) before any
 * side effect, so a re-sent batch changes neither identities nor profiles twice.
 *
 * @example createStore(db).ingest([event], Date.now()).stored.length // 1
 */
export function createStore(db: Database): Store {
  const graph = createIdentityGraph(db);
  const seen = db.prepare<[number, string], number>('SELECT 1 FROM events WHERE track_id = ? AND distinct_id = ?').pluck();
  const insert = db.prepare<[number, string, number, string, string | null, number, number, string]>(
    'INSERT INTO events (track_id, distinct_id, user_id, type, event, time, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const reject = db.prepare<[number, string, string, string]>('INSERT INTO rejects (received_at, field, reason, payload) VALUES (?, ?, ?, ?)');
  const countRejected = db.prepare<[number]>("UPDATE counters SET value = value + ? WHERE name = 'rejected'");
  // Rows are only ever added at the top, so everything below the newest N's lowest id can go:
  // one index walk, however many rows a request added.
  const trimRejects = db.prepare<[number]>('DELETE FROM rejects WHERE id < (SELECT id FROM rejects ORDER BY id DESC LIMIT 1 OFFSET ?)');

  const ingest = db.transaction((events: ValidEvent[], receivedAt: number): IngestResult => {
    const stored: EventSummary[] = [];
    let duplicates = 0;
    graph.takeMerges(); // anything left by a batch whose transaction rolled back
    for (const event of events) {
      if (seen.get(event._track_id, event.distinct_id)) {
        duplicates++;
        continue;
      }
      const userId = graph.attribute(event, receivedAt);
      if (event.type.startsWith('profile_')) {
        graph.writeProfile(userId, applyProfile(graph.readProfile(userId), event.type, event.properties));
      }
      const name = typeof event.event === 'string' ? event.event : null;
      const time = Math.round(event.time);
      const id = Number(insert.run(event._track_id, event.distinct_id, userId, event.type, name, time, receivedAt, JSON.stringify(event)).lastInsertRowid);
      stored.push({ id, track_id: event._track_id, distinct_id: event.distinct_id, user_id: userId, type: event.type, event: name, time, received_at: receivedAt, ...summaryProperties(event.properties) });
    }
    return { stored, duplicates, merges: graph.takeMerges() };
  });

  const recordRejects = db.transaction((rejects: { rejection: Rejection; payload: unknown }[], total: number, receivedAt: number) => {
    for (const { rejection, payload } of rejects) {
      const text = JSON.stringify(payload) ?? String(payload);
      reject.run(receivedAt, rejection.field, rejection.reason, text.slice(0, LIMITS.rejectPayloadChars));
    }
    countRejected.run(total);
    trimRejects.run(LIMITS.rejectRowsKept - 1);
  });

  // BEGIN IMMEDIATE: take the write lock up front, waiting (busy_timeout) for the checkpoint
  // worker if need be. A deferred transaction that read first could find its snapshot stale
  // after a WAL restart and fail with SQLITE_BUSY without waiting.
  return { ingest: (events, receivedAt) => ingest.immediate(events, receivedAt), recordRejects: (rejects, total, receivedAt) => recordRejects.immediate(rejects, total, receivedAt) };
}
