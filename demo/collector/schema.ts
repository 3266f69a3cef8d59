import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_SCHEMA } from './open-api/cluster-schema';

/** Bumped with every change to SCHEMA; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 2;

/**
 * The collector's tables (documented in demo/collector/README.md):
 * - `users`: one row per person the collector knows; `profile` is a JSON object; a user
 *   merged into another keeps its row with `merged_into` set, so old links still resolve.
 * - `identity_links`: which user an ID (`$identity_cookie_id` = "…") belongs to. An ID belongs
 *   to one user (primary key); a user has at most one login ID (partial unique index).
 * - `events`: every stored event as received (`payload`), keyed for de-duplication on
 *   (`track_id`, `distinct_id`), attributed to one user.
 * - `rejects`: events refused by validation, with the reason, for the viewer (the newest
 *   LIMITS.rejectRowsKept).
 * - `items`: Sensors items (`item_set` / `item_delete`), one row per (`item_type`, `item_id`);
 *   `properties` is NULL once deleted, `time` the client time of the last operation applied.
 * - `counters`: running totals that would be slow to count (`rejected`: every refused event).
 * Version 2 added `items` and `counters` to version 1; opening a version 1 file upgrades it.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id          INTEGER PRIMARY KEY,
  profile     TEXT    NOT NULL DEFAULT '{}',
  created_at  INTEGER NOT NULL,
  merged_into INTEGER REFERENCES users(id)
);
CREATE TABLE IF NOT EXISTS identity_links (
  key       TEXT    NOT NULL,
  value     TEXT    NOT NULL,
  user_id   INTEGER NOT NULL REFERENCES users(id),
  linked_by TEXT    NOT NULL,
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (key, value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identity_links_by_user ON identity_links(user_id);
CREATE INDEX IF NOT EXISTS identity_links_by_value ON identity_links(value);
CREATE UNIQUE INDEX IF NOT EXISTS one_login_per_user ON identity_links(user_id) WHERE key = '$identity_login_id';
CREATE TABLE IF NOT EXISTS events (
  id          INTEGER PRIMARY KEY,
  track_id    INTEGER NOT NULL,
  distinct_id TEXT    NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  type        TEXT    NOT NULL,
  event       TEXT,
  time        INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  payload     TEXT    NOT NULL,
  UNIQUE (track_id, distinct_id)
);
CREATE INDEX IF NOT EXISTS events_by_name ON events(event, id);
CREATE INDEX IF NOT EXISTS events_by_user ON events(user_id, id);
CREATE TABLE IF NOT EXISTS rejects (
  id          INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  field       TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  payload     TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
  item_type  TEXT    NOT NULL,
  item_id    TEXT    NOT NULL,
  properties TEXT,
  time       INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (item_type, item_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (
  name  TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO counters SELECT 'rejected', COUNT(*) FROM rejects;
`;

/**
 * Opens (creating if needed) `<dataDir>/collector.sqlite` with the schema above. WAL lets the
 * viewer read while a batch is written; `synchronous = NORMAL` in WAL mode makes a commit
 * survive a crash of the process (not of the machine) without an fsync per batch — the right
 * trade for a demo; pass `durable: true` for FULL.
 *
 * @example const db = openDatabase('demo/data'); db.prepare('SELECT COUNT(*) FROM events').pluck().get()
 */
export function openDatabase(dataDir: string, durable = false): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'collector.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = ' + (durable ? 'FULL' : 'NORMAL'));
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(dataDir + ' holds schema version ' + version + '; this collector knows ' + SCHEMA_VERSION);
  }
  db.exec(SCHEMA);
  db.exec(CLUSTER_SCHEMA);
  db.pragma('user_version = ' + SCHEMA_VERSION);
  return db;
}
