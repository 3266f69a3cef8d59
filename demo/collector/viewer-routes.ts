import type { ServerResponse } from 'node:http';
import { SEARCH_MAX_CHARS, SEARCH_SCAN_ROWS } from './event-search';
import { sendJson } from './http-utils';
import { type InsightQueries, type InsightUnit } from './insights';
import type { EventFilter, EventSummary, Queries } from './queries';
import { API_HEADERS } from './security-headers';

/** One page of the event list, and where the next (older) one starts; null when there is none. */
export interface EventPage {
  events: EventSummary[];
  next: number | null;
  /** With a search: the oldest event id this page read (it read at most SEARCH_SCAN_ROWS). */
  scannedTo?: number;
}

/**
 * The viewer's aggregate and paging routes (GET; the caller checked method and read access):
 * - `/api/insights?unit=minute|hour|day&buckets=&tz=&event=&top=` — events per name per time
 *   step, top pages, events and users of that window (insights.ts); `tz` is the viewer's offset
 *   from UTC in minutes, east positive (`-new Date().getTimezoneOffset()`)
 * - `/api/event-page?…&search=&before=&limit=` — the filters of `/api/events` plus a property
 *   search; answers `{ events, next }`: pass `next` as `before` for the next, older page
 * Returns false for any other path.
 *
 * @example if (await handleViewerApi(res, url, queries, insights, eventFilterOf)) return true;
 */
export async function handleViewerApi(res: ServerResponse, url: URL, queries: Queries, insights: InsightQueries | undefined, filterOf: (url: URL, queries: Queries) => Promise<EventFilter>): Promise<boolean> {
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  if (url.pathname === '/api/insights' && insights) {
    const unit = (param('unit') ?? 'minute') as InsightUnit;
    if (unit !== 'minute' && unit !== 'hour' && unit !== 'day') return refuse(res, 'unit is minute, hour or day');
    const event = param('event');
    const answer = await insights.insights({
      unit,
      buckets: Number(param('buckets') ?? 60),
      now: Date.now(),
      offsetMinutes: Number(param('tz') ?? 0),
      top: Number(param('top') ?? 10),
      ...(event ? { event } : {}),
    });
    sendJson(res, 200, answer, API_HEADERS);
    return true;
  }
  if (url.pathname === '/api/event-page') {
    const filter = await filterOf(url, queries);
    const search = param('search')?.trim();
    if (search && search.length > SEARCH_MAX_CHARS) return refuse(res, 'a search is at most ' + SEARCH_MAX_CHARS + ' characters');
    sendJson(res, 200, await eventPage(queries, filter, search || undefined), API_HEADERS);
    return true;
  }
  return false;
}

/**
 * A page of events, newest first. Without a search, `next` is the last event's id when the
 * page is full. A search reads at most SEARCH_SCAN_ROWS events below the cursor: when those
 * ran out before the page filled, `next` is where the unread ones start.
 */
export async function eventPage(queries: Queries, filter: EventFilter, search?: string): Promise<EventPage> {
  const limit = Math.max(1, Math.min(500, Math.floor(filter.limit ?? 100) || 1));
  if (search === undefined) {
    const events = await queries.events({ ...filter, limit });
    return { events, next: events.length === limit ? events.at(-1)!.id : null };
  }
  const top = filter.beforeId ?? (await queries.newestEventId()) + 1;
  const afterId = Math.max(0, top - 1 - SEARCH_SCAN_ROWS);
  const events = await queries.events({ ...filter, limit, search, afterId });
  if (events.length === limit) return { events, next: events.at(-1)!.id, scannedTo: events.at(-1)!.id };
  return { events, next: afterId > 0 ? afterId + 1 : null, scannedTo: afterId + 1 };
}

function refuse(res: ServerResponse, error: string): true {
  sendJson(res, 400, { error }, API_HEADERS);
  return true;
}
