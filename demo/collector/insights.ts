import type { Database } from 'better-sqlite3';

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
const PATH = `coalesce(json_extract(payload, '$.properties."$url_path"'), json_extract(payload, '$.properties."$url"'))`;

/**
 * The aggregate reads behind the viewer's chart and top lists: events per name per time step
 * (by the event's own time), the most viewed pages, the most frequent events and the most
 * active users of the same window. Kept apart from queries.ts so a storage back end other than
 * SQLite implements it as one unit.
 *
 * @example createInsightQueries(db).insights({ unit: 'minute', buckets: 60, now: Date.now(), offsetMinutes: 0, top: 10 })
 */
export function createInsightQueries(db: Database) {
  const maxId = db.prepare<[], number | null>('SELECT MAX(id) FROM events').pluck();

  return {
    insights(request: InsightRequest): Insights {
      const unitMs = UNIT_MS[request.unit];
      const steps = Math.max(1, Math.min(INSIGHT_LIMITS.buckets, Math.floor(request.buckets) || 1));
      const top = Math.max(1, Math.min(INSIGHT_LIMITS.top, Math.floor(request.top) || 1));
      const offsetMs = Math.max(-840, Math.min(840, Math.round(request.offsetMinutes) || 0)) * 60_000;
      // Steps are aligned in local time: bucket n covers [n*unit - offset, (n+1)*unit - offset).
      const lastStep = Math.floor((request.now + offsetMs) / unitMs);
      const firstStep = lastStep - steps + 1;
      const from = firstStep * unitMs - offsetMs;
      const to = (lastStep + 1) * unitMs - offsetMs;
      const floorId = Math.max(0, (maxId.get() ?? 0) - INSIGHT_LIMITS.scanRows);
      // Every query below reads the same bounded window; `event` narrows it further.
      // (Numbers are bound as REAL: the step is cast back to an integer; times are positive, so that is a floor.)
      const where = 'id > @floorId AND time >= @from AND time < @to AND event IS NOT NULL' + (request.event === undefined ? '' : ' AND event = @event');
      const params = { floorId, from, to, offsetMs, unitMs, event: request.event ?? null, top };

      const cells = db
        .prepare(`SELECT event, CAST((time + @offsetMs) / @unitMs AS INTEGER) AS step, COUNT(*) AS n FROM events WHERE ${where} GROUP BY event, step`)
        .all(params) as { event: string; step: number; n: number }[];
      const totals = new Map<string, number>();
      for (const cell of cells) totals.set(cell.event, (totals.get(cell.event) ?? 0) + cell.n);
      const drawn = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, INSIGHT_LIMITS.series).map(([name]) => name);
      const lines = new Map<string | null, number[]>(drawn.map((name) => [name, new Array<number>(steps).fill(0)]));
      if (totals.size > drawn.length) lines.set(null, new Array<number>(steps).fill(0));
      for (const cell of cells) {
        const line = lines.get(lines.has(cell.event) ? cell.event : null)!;
        line[cell.step - firstStep]! += cell.n;
      }
      const series = [...lines].map(([event, counts]) => ({ event, counts, total: counts.reduce((sum, n) => sum + n, 0) }));

      const window = db.prepare(`SELECT COUNT(*) AS events, COUNT(DISTINCT user_id) AS users FROM events WHERE ${where}`).get(params) as { events: number; users: number };
      const topPages = db
        .prepare(
          `SELECT ${PATH} AS path, COUNT(*) AS views, COUNT(DISTINCT user_id) AS users FROM events
           WHERE ${where} AND event = '$pageview' AND ${PATH} IS NOT NULL GROUP BY path ORDER BY views DESC, path LIMIT @top`,
        )
        .all(params) as Insights['topPages'];
      const topEvents = db
        .prepare(`SELECT event, COUNT(*) AS count, COUNT(DISTINCT user_id) AS users FROM events WHERE ${where} GROUP BY event ORDER BY count DESC, event LIMIT @top`)
        .all(params) as Insights['topEvents'];
      const topUsers = db
        .prepare(
          `SELECT user_id AS id, (SELECT value FROM identity_links WHERE user_id = events.user_id AND key = '$identity_login_id') AS login,
             COUNT(*) AS events, MAX(time) AS lastSeen
           FROM events WHERE ${where} GROUP BY user_id ORDER BY events DESC, lastSeen DESC LIMIT @top`,
        )
        .all(params) as Insights['topUsers'];

      return {
        unit: request.unit,
        bucketMs: unitMs,
        buckets: Array.from({ length: steps }, (_, i) => (firstStep + i) * unitMs - offsetMs),
        series,
        events: window.events,
        users: window.users,
        capped: floorId > 0,
        topPages,
        topEvents,
        topUsers,
      };
    },
  };
}

export type InsightQueries = ReturnType<typeof createInsightQueries>;
