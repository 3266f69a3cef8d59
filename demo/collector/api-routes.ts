import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-utils';
import type { InsightQueries } from './insights';
import type { ItemStore } from './item-store';
import type { LiveFeed } from './live-feed';
import type { OpenApi } from './open-api/open-api';
import type { EventFilter, Queries } from './queries';
import { API_HEADERS } from './security-headers';
import { handleViewerApi } from './viewer-routes';

/**
 * The viewer's JSON API (read-only, GET):
 * - `/api/stats` — counts of events, users, refused events (all ever), items
 * - `/api/events?event=&user=&identity=&cluster=&tagValue=&before=&limit=` — summaries, newest
 *   first; `user` is a user id, `identity` any ID a user holds (a distinct_id, a login ID, …),
 *   `cluster` a cluster or tag id (its members' events; `tagValue` narrows a tag)
 * - `/api/events/<id>` — one event with its full payload
 * - `/api/event-names?limit=` — names with counts, most frequent first
 * - `/api/users?identity=` — users, newest activity first, or the one holding an ID
 * - `/api/users/<id>` — one user's profile, identity links, clusters and tags (`segments`)
 * - `/api/segments` — the clusters and tags of the open API with their counts
 * - `/api/rejects` — the newest refused events with the reason
 * - `/api/items?type=&limit=` — Sensors items, most recently changed first
 * - `/api/insights`, `/api/event-page` — the chart, top lists and search pages (viewer-routes.ts)
 * - `/api/stream` — server-sent events: `events` (stored summaries) and `rejects`
 *   (`{ rejects: the first few, count }` per request)
 * Resolves false when the path is not one of these.
 *
 * @example if (url.pathname.startsWith('/api/')) await handleApi(req, res, url, queries, feed, items);
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, queries: Queries, feed: LiveFeed, items: ItemStore, openApi?: OpenApi, insights?: InsightQueries): Promise<boolean> {
  const path = url.pathname;
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  const id = Number(path.slice(path.lastIndexOf('/') + 1));
  if (req.method !== 'GET') {
    sendJson(res, 405, { error: 'the API is read-only; use GET' }, { ...API_HEADERS, Allow: 'GET' });
    return true;
  }
  if (path === '/api/stream') {
    feed.attach(req, res);
    return true;
  }
  if (path === '/api/stats') return answer(res, { ...(await queries.stats()), items: await items.count() });
  if (path === '/api/event-names') return answer(res, await queries.eventNames(numberOr(param('limit'), 200)));
  if (path === '/api/items') {
    const type = param('type');
    return answer(res, await items.list({ limit: numberOr(param('limit'), 100), ...(type ? { type } : {}) }));
  }
  if (path === '/api/users') {
    const identity = param('identity');
    if (identity === undefined) return answer(res, await queries.users(numberOr(param('limit'), 100)));
    const userId = await queries.userIdByValue(identity);
    const user = userId === undefined ? undefined : await queries.user(userId);
    return answer(res, user ? [user] : []);
  }
  if (path === '/api/segments') return answer(res, (await openApi?.segments()) ?? []);
  if (path === '/api/rejects') return answer(res, await queries.rejects(numberOr(param('limit'), 100)));
  if (path === '/api/events') return answer(res, await queries.events(await eventFilterOf(url, queries)));
  if (await handleViewerApi(res, url, queries, insights, eventFilterOf)) return true;
  if (/^\/api\/events\/\d+$/.test(path)) return answer(res, await queries.event(id));
  if (/^\/api\/users\/\d+$/.test(path)) {
    const user = await queries.user(id);
    return answer(res, user && openApi ? { ...user, segments: await openApi.segmentsOfUser(user.id) } : user);
  }
  return false;
}

/** The event filter of `/api/events` (and `/api/event-page`) from the query string. */
async function eventFilterOf(url: URL, queries: Queries): Promise<EventFilter> {
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  const filter: EventFilter = { limit: numberOr(param('limit'), 100) };
  const [event, user, identity, before] = [param('event'), param('user'), param('identity'), param('before')];
  if (event) filter.event = event;
  if (user) filter.userId = numberOr(user, 0);
  // An ID nobody holds matches no event (there is no user 0) rather than every event.
  if (identity) filter.userId = (await queries.userIdByValue(identity)) ?? 0;
  if (before) filter.beforeId = numberOr(before, 0);
  const [cluster, tagValue] = [param('cluster'), param('tagValue')];
  if (cluster) filter.cluster = { id: numberOr(cluster, 0), ...(tagValue === undefined ? {} : { tagValue }) };
  return filter;
}

function answer(res: ServerResponse, body: unknown): true {
  if (body === undefined) sendJson(res, 404, { error: 'not found' }, API_HEADERS);
  else sendJson(res, 200, body, API_HEADERS);
  return true;
}

function numberOr(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && Number.isFinite(value) ? value : fallback;
}
