/**
 * The open API's tables (added next to the collector's own; documented in
 * demo/collector/README.md, "User clusters and tags"):
 * - `clusters`: one row per cluster or tag; `definition` is the body's `qp`, `tagQp` or import
 *   lists as given (JSON); `defined_at` is when it was added or last updated (a static
 *   condition's `recentDay` is read against that day); `refresh_state` survives a restart so
 *   an interrupted refresh starts again.
 * - `cluster_members`: who is in a cluster (and, for a tag, with which value) as of its last
 *   completed refresh.
 * - `cluster_import_ids`: the IDs an import cluster or tag was given, matched against
 *   `identity_links.value` at every refresh (an ID nobody holds yet may match later).
 * Additive and idempotent (`IF NOT EXISTS`): an older collector ignores them.
 */
export const CLUSTER_SCHEMA = `
CREATE TABLE IF NOT EXISTS clusters (
  id             INTEGER PRIMARY KEY,
  project_id     INTEGER,
  cluster_name   TEXT    NOT NULL UNIQUE,
  display_name   TEXT    NOT NULL,
  catalog        TEXT    NOT NULL,
  cluster_type   TEXT    NOT NULL,
  remarks        TEXT    NOT NULL DEFAULT '',
  definition     TEXT    NOT NULL,
  defined_at     INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  refresh_state  TEXT    NOT NULL DEFAULT 'idle',
  refresh_error  TEXT,
  refresh_time   INTEGER,
  users_num      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS cluster_members (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id),
  user_id    INTEGER NOT NULL,
  tag_value  TEXT,
  PRIMARY KEY (cluster_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cluster_members_by_user ON cluster_members(user_id);
CREATE TABLE IF NOT EXISTS cluster_import_ids (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id),
  position   INTEGER NOT NULL,
  tag_value  TEXT,
  id_value   TEXT    NOT NULL,
  PRIMARY KEY (cluster_id, position, id_value)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_by_name_user_time ON events(event, user_id, time);
`;
