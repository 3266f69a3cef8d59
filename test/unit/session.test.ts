import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { createSession } from '../../src/events/session';

// A localStorage for Node that counts writes; tabs of one site share it.
const store = new Map<string, string>();
let writes = 0;
(globalThis as { localStorage?: unknown }).localStorage = {
  getItem: (key: string) => store.get(key) ?? null,
  setItem: (key: string, value: string) => void (writes++, store.set(key, value)),
  removeItem: (key: string) => void store.delete(key),
};
beforeEach(() => {
  store.clear();
  writes = 0;
});

const MINUTE = 60_000;
let n = 0;
const newId = () => 'session-' + ++n;
// Noon, local time: far from midnight.
const NOON = new Date(2026, 0, 15, 12).getTime();

test('events within the timeout share a session; a gap longer than it starts a new one', () => {
  const session = createSession('k', 30 * MINUTE, newId);
  const first = session.id(NOON);
  assert.equal(session.id(NOON + 29 * MINUTE), first);
  assert.equal(session.id(NOON + 58 * MINUTE), first, 'each event extends the session');
  assert.notEqual(session.id(NOON + 89 * MINUTE), first);
});

test('a new session starts at local midnight', () => {
  const session = createSession('k', 30 * MINUTE, newId);
  const evening = new Date(2026, 0, 15, 23, 50).getTime();
  const first = session.id(evening);
  assert.equal(session.id(evening + 5 * MINUTE), first);
  assert.notEqual(session.id(evening + 15 * MINUTE), first, '00:05 the next day');
});

test('a passive event (page leave) neither starts nor extends a session', () => {
  const session = createSession('k', 30 * MINUTE, newId);
  const first = session.id(NOON);
  assert.equal(session.id(NOON + 60 * MINUTE, true), first, 'a leave after an hour keeps its page view\'s session');
  assert.notEqual(session.id(NOON + 61 * MINUTE), first, 'the next real event starts a new one');
});

test('tabs share the session through storage; writes are throttled to one per 5 s', () => {
  const tabA = createSession('k', 30 * MINUTE, newId);
  const tabB = createSession('k', 30 * MINUTE, newId);
  const id = tabA.id(NOON);
  assert.equal(tabB.id(NOON + 1000), id, 'a second tab adopts the live session');
  writes = 0;
  for (let i = 0; i < 100; i++) tabA.id(NOON + 2000 + i * 10);
  assert.equal(writes, 0, 'no write within 5 s of the last');
  tabA.id(NOON + 8000);
  assert.equal(writes, 1);
  // Tab B is idle for 40 minutes while tab A stays active: B's memory says expired, storage
  // says alive, so B joins A's session instead of starting another.
  for (let t = 0; t <= 40; t += 5) tabA.id(NOON + t * MINUTE);
  assert.equal(tabB.id(NOON + 40 * MINUTE + 1000), id);
});

test('a malformed stored value starts a fresh session', () => {
  store.set('k', '{"i":5,"t":"x"}');
  const session = createSession('k', 30 * MINUTE, newId);
  assert.match(session.id(NOON), /^session-/);
});

test('save() writes the last activity at once', () => {
  const session = createSession('k', 30 * MINUTE, newId);
  session.id(NOON);
  session.id(NOON + 1000);
  session.save();
  assert.equal(JSON.parse(store.get('k')!).t, NOON + 1000);
});

test('a stored session whose ID is not a string is not adopted, however recent', () => {
  store.set('k', JSON.stringify({ i: 5, t: NOON }));
  const session = createSession('k', 30 * MINUTE, newId);
  assert.match(session.id(NOON + 1000), /^session-/);
});

test('exactly the timeout after the last event is still the same session; a millisecond more is a new one', () => {
  const session = createSession('k', 30 * MINUTE, newId);
  const first = session.id(NOON);
  assert.equal(session.id(NOON + 30 * MINUTE), first);
  assert.notEqual(session.id(NOON + 60 * MINUTE + 1), first);
});

test('an event at midnight exactly belongs to the new day\'s session', () => {
  const session = createSession('k', 30 * MINUTE, newId);
  const first = session.id(new Date(2026, 0, 15, 23, 59).getTime());
  assert.notEqual(session.id(new Date(2026, 0, 16, 0, 0, 0, 0).getTime()), first);
});

test('a page leave as the first event of a page still gets a session: the stored one when alive', () => {
  const tab = createSession('k', 30 * MINUTE, newId);
  const id = tab.id(NOON);
  tab.save();
  const leaving = createSession('k', 30 * MINUTE, newId);
  assert.equal(leaving.id(NOON + MINUTE, true), id);
  assert.match(createSession('other', 30 * MINUTE, newId).id(NOON, true), /^session-/, 'none stored: a new one');
});

test('an event stamped earlier than the last one does not move the last activity back', () => {
  // Events may arrive out of order (a custom time); the session lives from its latest event.
  const session = createSession('k', 30 * MINUTE, newId);
  const first = session.id(NOON + 10 * MINUTE);
  assert.equal(session.id(NOON + 10 * MINUTE + 2000), first, 'kept in memory (the write to storage waits 5 s)');
  assert.equal(session.id(NOON), first);
  assert.equal(session.id(NOON + 40 * MINUTE + 1000), first, '29 min 59 s after the latest event');
});

test('a short timeout writes every tenth of it, at exactly that interval', () => {
  const session = createSession('k', 1000, newId);
  session.id(NOON);
  writes = 0;
  session.id(NOON + 99);
  assert.equal(writes, 0, 'within 100 ms of the last write');
  session.id(NOON + 100);
  assert.equal(writes, 1);
  assert.equal(JSON.parse(store.get('k')!).t, NOON + 100);
});
