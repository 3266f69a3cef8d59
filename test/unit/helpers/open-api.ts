import { randomInt } from 'node:crypto';
import { postEvents, startTestCollector } from './collector-server';

export const TOKEN = 'test-token';

export type TestCollector = Awaited<ReturnType<typeof startTestCollector>>;

/** A test collector whose open API token is TOKEN; the clock and the rest can be given. */
export function startOpenApiCollector(options: Parameters<typeof startTestCollector>[0] = {}): Promise<TestCollector> {
  return startTestCollector({ ...options, openApi: { token: TOKEN, timeZone: 'UTC', ...options.openApi } });
}

export interface OpenAnswer {
  status: number;
  return_code: number;
  return_message: string;
  data?: any;
}

/**
 * Calls an open API path (the token is added unless the query already has one) and returns
 * the HTTP status with the JSON answer. `body` is sent as given when it is a string.
 */
export async function openCall(collector: { url: string }, method: 'GET' | 'POST', path: string, body?: unknown): Promise<OpenAnswer> {
  const url = collector.url + path + (path.includes('token=') ? '' : (path.includes('?') ? '&' : '?') + 'token=' + TOKEN);
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response = await fetch(url, init);
  return { status: response.status, ...((await response.json()) as Omit<OpenAnswer, 'status'>) };
}

/** Adds a cluster or tag, waits for its first refresh, and returns its id (fails loudly). */
export async function addCluster(collector: TestCollector, body: Record<string, unknown>): Promise<number> {
  const answer = await openCall(collector, 'POST', '/open/user-cluster-add', body);
  if (answer.return_code !== 0) throw new Error('add failed: ' + answer.return_message);
  await collector.openApi.runner.idle();
  return answer.data as number;
}

/** The login IDs of a cluster's members (or, for a tag, `login=value`), sorted. */
export async function memberLogins(collector: TestCollector, clusterId: number): Promise<string[]> {
  const answer = await openCall(collector, 'GET', '/open/user-cluster-users?pageSize=1000&clusterId=' + clusterId);
  if (answer.return_code !== 0) throw new Error('users failed: ' + answer.return_message);
  return (answer.data.users as { loginId: string | null; distinctId: string; tagValue?: string }[])
    .map((user) => (user.loginId ?? user.distinctId) + (user.tagValue === undefined ? '' : '=' + user.tagValue))
    .sort();
}

type Fields = Record<string, unknown>;

/**
 * Payloads of a logged-in user (login ID = `login`): `track(name, time, properties)` and
 * `profile(properties)` (a profile_set), as the SDK would send them after login().
 */
export function loggedIn(login: string) {
  const base = (type: string, fields: Fields): Fields => ({
    identities: { $identity_cookie_id: 'cookie-' + login, $identity_login_id: login },
    distinct_id: login,
    login_id: login,
    lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0.1.0' },
    properties: {},
    type,
    time: Date.UTC(2024, 0, 1),
    _track_id: randomInt(1, 2 ** 47),
    ...fields,
  });
  return {
    track: (event: string, time: number, properties: Fields = {}) => base('track', { event, time, properties }),
    profile: (properties: Fields) => base('profile_set', { properties }),
  };
}

/** Sends events through the ingest path; fails unless every one was stored. */
export async function ingest(collector: TestCollector, events: Fields[]): Promise<void> {
  for (let from = 0; from < events.length; from += 500) {
    const batch = events.slice(from, from + 500);
    const answer = await postEvents(collector, batch);
    if (answer.body.stored !== batch.length) throw new Error('ingest stored ' + String(answer.body.stored) + ' of ' + batch.length + ': ' + JSON.stringify(answer.body));
  }
}

/** A UserClusterDef with one TIMES event condition and optional profile filters. */
export function timesDef(eventName: string, comparator: string, num: unknown, extra: Fields = {}, filts: Fields[] = []): Fields {
  return { events: [{ eventName, comparator, num, taPropQuota: { analysis: 'TIMES' }, ...extra }], event_relation: 'and', filts, relation: 'and', event_user_relation: 'and' };
}
