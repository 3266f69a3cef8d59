import { all, value, type Database, type Sql, type Step } from './database';

/**
 * Bounds of one insights answer, so a chart refresh costs the same on a database of a
 * thousand events as on one of fifty million: it reads at most the newest `scanRows` events
 * (an index range on the primary key), draws at most `buckets` time steps and `series` lines.
 */
export const INSIGHT_LIMITS = {
  /** Events one answer reads at most: the newest ones (by arrival). */
  scanRows: 100_000,
  /** Time steps of the chart at most. */
  buckets: 120,
  /** Lines of the chart: the most frequent names; the rest are summed as "other". */
  series: 5,
  /** Rows of each top list at most. */
  top: 50,
} as const;

/** A chart step: one minute, one hour or one (local) day. */
export type InsightUnit = 'minute' | 'hour' | 'day';

export const UNIT_MS: Record<InsightUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface InsightRequest {
  unit: InsightUnit;
  /** Time steps, ending with the one that holds `now`; capped at INSIGHT_LIMITS.buckets. */
  buckets: number;
  /** The viewer's clock, in ms. */
  now: number;
  /** The viewer's offset from UTC in minutes (east positive), so days start at local midnight. */
  offsetMinutes: number;
  /** Only this event name (one line, and the top lists of that name). */
  event?: string;
  /** Rows of each top list; capped at INSIGHT_LIMITS.top. */
  top: number;
}

export interface InsightSeries {
  /** The event name, or null for the sum of the names not drawn. */
  event: string | null;
  counts: number[];
  total: number;
}

export interface Insights {
  unit: InsightUnit;
  bucketMs: number;
  /** Start (ms) of each time step, oldest first. */
  buckets: number[];
  series: InsightSeries[];
  /** Events and distinct users in the window (by event time). */
  events: number;
  users: number;
  /** Set when the collector holds more than INSIGHT_LIMITS.scanRows events: the counts cover the newest of them only. */
  capped: boolean;
  topPages: { path: string; views: number; users: number }[];
  topEvents: { event: string; count: number; users: number }[];
  topUsers: { id: number; login: string | null; events: number; lastSeen: number }[];
}

/** Path of an event as the summaries show it: `$url_path`, else `$url`. */
const PATH = {
  sqlite: `coalesce(json_extract(payload, '$.properties."$url_path"'), json_extract(payload, '$.properties."$url"'))`,
  postgres: `coalesce(payload::jsonb -> 'properties' ->> '$url_path', payload::jsonb -> 'properties' ->> '$url')`,
};

/** The window's rows, with the path of page views; every count below reads this one bounded range. */
function windowRows(ofOneEvent: boolean): Sql {
  const rest = ' FROM events WHERE id > ? AND time >= ? AND time < ? AND event IS NOT NULL' + (ofOneEvent ? ' AND event = ?' : '');
  const select = (path: string) => `SELECT event, time, user_id, CASE WHEN event = '$pageview' THEN ${path} END AS path` + rest;
  return { sqlite: select(PATH.sqlite), postgres: select(PATH.postgres) };
}
const WINDOW_ROWS = windowRows(false);
const WINDOW_ROWS_OF_EVENT = windowRows(true);

/**
 * The aggregate reads behind the viewer's chart and top lists: events per name per time step
 * (by the event's own time), the most viewed pages, the most frequent events and the most
 * active users of the same window. One read step on either store (database.ts); the counting
 * is done here, once, so SQLite and PostgreSQL give the same answers.
 *
 * @example await createInsightQueries(database).insights({ unit: 'minute', buckets: 60, now: Date.now(), offsetMinutes: 0, top: 10 })
 */
export function createInsightQueries(database: Database) {
  return {
    insights(request: InsightRequest): Promise<Insights> {
      return database.read(() => insightsStep(request));
    },
  };
}

function* insightsStep(request: InsightRequest): Step<Insights> {
  const unitMs = UNIT_MS[request.unit];
  const steps = Math.max(1, Math.min(INSIGHT_LIMITS.buckets, Math.floor(request.buckets) || 1));
  const top = Math.max(1, Math.min(INSIGHT_LIMITS.top, Math.floor(request.top) || 1));
  const offsetMs = Math.max(-840, Math.min(840, Math.round(request.offsetMinutes) || 0)) * 60_000;
  // Steps are aligned in local time: bucket n covers [n*unit - offset, (n+1)*unit - offset).
  const lastStep = Math.floor((request.now + offsetMs) / unitMs);
  const firstStep = lastStep - steps + 1;
  const from = firstStep * unitMs - offsetMs;
  const to = (lastStep + 1) * unitMs - offsetMs;
  const floorId = Math.max(0, ((yield* value<number | null>('SELECT MAX(id) FROM events')) ?? 0) - INSIGHT_LIMITS.scanRows);

  // One pass over the window's rows, counted here: five GROUP BY queries would read it five times.
  type Row = { event: string; time: number; user_id: number; path: string | number | null };
  const rows = request.event === undefined ? yield* all<Row>(WINDOW_ROWS, floorId, from, to) : yield* all<Row>(WINDOW_ROWS_OF_EVENT, floorId, from, to, request.event);
  const byEvent = new Map<string, { counts: number[]; total: number; users: Set<number> }>();
  const byPage = new Map<string, { views: number; users: Set<number> }>();
  const byUser = new Map<number, { events: number; lastSeen: number }>();
  for (const { event, time, user_id: userId, path } of rows) {
    let line = byEvent.get(event);
    if (!line) byEvent.set(event, (line = { counts: new Array<number>(steps).fill(0), total: 0, users: new Set() }));
    line.counts[Math.floor((time + offsetMs) / unitMs) - firstStep]!++;
    line.total++;
    line.users.add(userId);
    if (path !== null) {
      const page = byPage.get(String(path)) ?? { views: 0, users: new Set<number>() };
      page.views++;
      page.users.add(userId);
      byPage.set(String(path), page);
    }
    const user = byUser.get(userId);
    if (user) {
      user.events++;
      user.lastSeen = Math.max(user.lastSeen, time);
    } else byUser.set(userId, { events: 1, lastSeen: time });
  }
  const byCount = <T extends { count: number; name: string }>(a: T, b: T) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const ranked = [...byEvent].map(([name, line]) => ({ name, count: line.total, line })).sort(byCount);
  const series: InsightSeries[] = ranked.slice(0, INSIGHT_LIMITS.series).map(({ name, line }) => ({ event: name, counts: line.counts, total: line.total }));
  if (ranked.length > INSIGHT_LIMITS.series) {
    const other = new Array<number>(steps).fill(0);
    for (const { line } of ranked.slice(INSIGHT_LIMITS.series)) line.counts.forEach((n, i) => (other[i]! += n));
    series.push({ event: null, counts: other, total: other.reduce((sum, n) => sum + n, 0) });
  }
  const topPages = [...byPage]
    .map(([name, page]) => ({ name, count: page.views, users: page.users.size }))
    .sort(byCount)
    .slice(0, top)
    .map(({ name, count, users }) => ({ path: name, views: count, users }));
  const topEvents = ranked.slice(0, top).map(({ name, count, line }) => ({ event: name, count, users: line.users.size }));
  const topUserRows = [...byUser].sort((a, b) => b[1].events - a[1].events || b[1].lastSeen - a[1].lastSeen).slice(0, top);
  // The login IDs of the listed users, in one statement (one round trip on PostgreSQL).
  const logins = new Map<number, string>();
  if (topUserRows.length) {
    const marks = topUserRows.map(() => '?').join(', ');
    const loginRows = yield* all<{ user_id: number; value: string }>(`SELECT user_id, value FROM identity_links WHERE key = '$identity_login_id' AND user_id IN (${marks})`, ...topUserRows.map(([id]) => id));
    for (const row of loginRows) logins.set(row.user_id, row.value);
  }
  const topUsers = topUserRows.map(([id, user]) => ({ id, login: logins.get(id) ?? null, events: user.events, lastSeen: user.lastSeen }));

  return {
    unit: request.unit,
    bucketMs: unitMs,
    buckets: Array.from({ length: steps }, (_, i) => (firstStep + i) * unitMs - offsetMs),
    series,
    events: ranked.reduce((sum, { count }) => sum + count, 0),
    users: byUser.size,
    capped: floorId > 0,
    topPages,
    topEvents,
    topUsers,
  };
}

export type InsightQueries = ReturnType<typeof createInsightQueries>;
