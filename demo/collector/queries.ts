import { all, get, sqlFor, value, type Database, type Dialect, type Sql } from './database';
import { searchCondition } from './event-search';
import { USER_BY_VALUE } from './identity-graph';
import { SUMMARY_PROPERTY_COLUMNS, type EventSummary } from './store';

export type { EventSummary };

export interface EventFilter {
  /** Only events of this name. */
  event?: string;
  /** Only events of this user (after merges, the surviving user). */
  userId?: number;
  /** Only events of the members of this cluster or tag (optionally of one tag value). */
  cluster?: { id: number; tagValue?: string };
  /** Only events with an `id` below this (paging backwards). */
  beforeId?: number;
  /** Only events with an `id` above this (bounds a search's scan; see event-search.ts). */
  afterId?: number;
  /** Only events that match this property search (see `searchCondition`). */
  search?: string;
  /** At most this many, newest first; capped at 500. */
  limit?: number;
}

export interface UserDetail {
  id: number;
  /** Set when the asked user was merged: the user shown is the one it was merged into. */
  mergedFrom?: number;
  created_at: number;
  profile: Record<string, unknown>;
  identities: { key: string; value: string; linked_by: string; linked_at: number }[];
  eventCount: number;
  lastSeen: number | null;
}

const SUMMARY = 'id, track_id, distinct_id, user_id, type, event, time, received_at, ';
/** The summary columns, then `rest` of the statement, for each store. */
const summarySql = (rest: string): Sql => ({ sqlite: 'SELECT ' + SUMMARY + SUMMARY_PROPERTY_COLUMNS.sqlite + rest, postgres: 'SELECT ' + SUMMARY + SUMMARY_PROPERTY_COLUMNS.postgres + rest });
const MAX_LIMIT = 500;

type UserRow = { id: number; profile: string; created_at: number; merged_into: number | null };

/**
 * The read side of the collector, behind the viewer's JSON API and the tests, on either store.
 *
 * @example await createQueries(database).events({ event: '$pageview', limit: 20 })
 */
export function createQueries(database: Database) {
  const userRow = (id: number) => get<UserRow>('SELECT id, profile, created_at, merged_into FROM users WHERE id = ?', id);

  return {
    async events(filter: EventFilter = {}): Promise<EventSummary[]> {
      const search = filter.search === undefined ? undefined : searchCondition(filter.search);
      const conditions = (
        [
          ['event = ?', filter.event],
          ['user_id = ?', filter.userId],
          ['id < ?', filter.beforeId],
          ['id > ?', filter.afterId],
          ['user_id IN (SELECT user_id FROM cluster_members WHERE cluster_id = ?)', filter.cluster?.tagValue === undefined ? filter.cluster?.id : undefined],
          ['user_id IN (SELECT user_id FROM cluster_members WHERE cluster_id = ? AND tag_value = ?)', filter.cluster?.tagValue === undefined ? undefined : [filter.cluster.id, filter.cluster.tagValue]],
        ] as const
      ).filter(([, value]) => value !== undefined);
      const where = (dialect: Dialect) => {
        const texts = [...conditions.map(([sql]) => sql), ...(search ? [sqlFor(search.sql, dialect)] : [])];
        return texts.length ? ' WHERE ' + texts.join(' AND ') : '';
      };
      const rest = (dialect: Dialect) => ' FROM events' + where(dialect) + ' ORDER BY id DESC LIMIT ?';
      const sql: Sql = { sqlite: 'SELECT ' + SUMMARY + SUMMARY_PROPERTY_COLUMNS.sqlite + rest('sqlite'), postgres: 'SELECT ' + SUMMARY + SUMMARY_PROPERTY_COLUMNS.postgres + rest('postgres') };
      return database.read(() => all<EventSummary>(sql, ...conditions.flatMap(([, value]) => value!), ...(search?.params ?? []), clamp(filter.limit ?? 100)));
    },
    /** One event with its full payload as received. */
    async event(id: number): Promise<(EventSummary & { payload: unknown }) | undefined> {
      const row = await database.read(() => get<EventSummary & { payload: string }>(summarySql(', payload FROM events WHERE id = ?'), id));
      return row && { ...row, payload: JSON.parse(row.payload) };
    },
    /** Event names with their count, most frequent first (at most `limit`, capped at 500). */
    eventNames(limit = 200): Promise<{ event: string; count: number }[]> {
      return database.read(() => all('SELECT event, COUNT(*) AS count FROM events WHERE event IS NOT NULL GROUP BY event ORDER BY count DESC, event LIMIT ?', clamp(limit)));
    },
    /** A user by row id, following merges to the surviving user. */
    user(id: number): Promise<UserDetail | undefined> {
      return database.read(function* () {
        let row = yield* userRow(id);
        // A merge chain is flattened when written, so one hop suffices; two guard a stale read.
        for (let hops = 0; row?.merged_into && hops < 2; hops++) row = yield* userRow(row.merged_into);
        if (!row) return undefined;
        const { n, last } = (yield* get<{ n: number; last: number | null }>('SELECT COUNT(*) AS n, MAX(received_at) AS last FROM events WHERE user_id = ?', row.id))!;
        const identities = yield* all<UserDetail['identities'][number]>('SELECT key, value, linked_by, linked_at FROM identity_links WHERE user_id = ? ORDER BY linked_at, key', row.id);
        const detail: UserDetail = { id: row.id, created_at: row.created_at, profile: JSON.parse(row.profile), identities, eventCount: n, lastSeen: last };
        if (row.id !== id) detail.mergedFrom = id;
        return detail;
      });
    },
    /** The user who holds an ID (any key; a login ID first), e.g. for a distinct_id typed into the viewer. */
    userIdByValue(id: string): Promise<number | undefined> {
      return database.read(() => value<number>(USER_BY_VALUE, id));
    },
    /** Users with the most recent activity first, with their login ID when they have one. */
    users(limit = 100): Promise<{ id: number; login: string | null; events: number; lastSeen: number | null }[]> {
      return database.read(() =>
        all(
          `SELECT u.id, (SELECT value FROM identity_links WHERE user_id = u.id AND key = '$identity_login_id') AS login,
             COUNT(e.id) AS events, MAX(e.received_at) AS "lastSeen"
           FROM users u LEFT JOIN events e ON e.user_id = u.id WHERE u.merged_into IS NULL
           GROUP BY u.id ORDER BY "lastSeen" DESC NULLS LAST, u.id DESC LIMIT ?`,
          clamp(limit),
        ),
      );
    },
    /** The id of the newest stored event, 0 when there is none (a search's scan starts below it). */
    async newestEventId(): Promise<number> {
      return (await database.read(() => value<number | null>('SELECT MAX(id) FROM events'))) ?? 0;
    },
    rejects(limit = 100): Promise<{ id: number; received_at: number; field: string; reason: string; payload: string }[]> {
      return database.read(() => all('SELECT * FROM rejects ORDER BY id DESC LIMIT ?', clamp(limit)));
    },
    /** Totals; `rejects` counts every refused event, not only the rows the table still keeps. */
    stats(): Promise<{ events: number; users: number; rejects: number }> {
      return database.read(function* () {
        return {
          events: (yield* value<number>('SELECT COUNT(*) FROM events'))!,
          users: (yield* value<number>('SELECT COUNT(*) FROM users WHERE merged_into IS NULL'))!,
          rejects: (yield* value<number>("SELECT value FROM counters WHERE name = 'rejected'"))!,
        };
      });
    },
  };
}

export type Queries = ReturnType<typeof createQueries>;

function clamp(limit: number): number {
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit) || 1));
}
