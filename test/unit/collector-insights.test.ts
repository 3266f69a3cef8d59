import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SEARCH_SCAN_ROWS } from '../../demo/collector/event-search';
import { INSIGHT_LIMITS } from '../../demo/collector/insights';
import { postEvents, request, startTestCollector, TEST_STORE } from './helpers/collector-server';
import { fakeBrowser } from './helpers/fake-browser';

// Issue 19's read side: /api/insights (events per name per time step, top pages, events and
// users, bounded to the newest INSIGHT_LIMITS.scanRows events) and /api/event-page (property
// search and cursor pages, a search reading at most SEARCH_SCAN_ROWS events per page).

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

const MINUTE = 60_000;
const get = async (path: string) => (await request(collector.url + path)).body as Record<string, any>;

test('insights: counts per name per minute at the right step, "other" past five names, top pages/events/users', async () => {
  const now = Date.now();
  const ada = fakeBrowser('insights-ada');
  const bob = fakeBrowser('insights-bob');
  const at = (event: Record<string, unknown>, minutesAgo: number) => ({ ...event, time: now - minutesAgo * MINUTE });
  const events = [
    at(ada.track('$pageview', { $url_path: '/pricing' }), 0),
    at(ada.track('$pageview', { $url_path: '/pricing' }), 2),
    at(bob.track('$pageview', { $url_path: '/pricing' }), 2),
    at(bob.track('$pageview', { $url: 'https://shop.test/blog' }), 5),
    at(ada.login('ada@insights'), 1),
    // Seven more names: five lines are drawn, the rest sum to "other".
    ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'].map((name, i) => at(bob.track(name), i)),
    // Out of the hour: not counted.
    at(bob.track('$pageview', { $url_path: '/old' }), 90),
  ];
  assert.equal((await postEvents(collector, events)).body.stored, events.length);
  const data = await get('/api/insights?unit=minute&buckets=60&tz=0&top=10');
  assert.equal(data.buckets.length, 60);
  assert.equal(data.buckets[59], Math.floor(now / MINUTE) * MINUTE, 'the last step holds now');
  assert.equal(data.events, 12);
  assert.equal(data.users, 2);
  assert.equal(data.series.length, 6, 'five names and other');
  const pageviews = data.series.find((line: any) => line.event === '$pageview');
  assert.equal(pageviews.total, 4);
  const stepOf = (minutesAgo: number) => data.buckets.indexOf(Math.floor((now - minutesAgo * MINUTE) / MINUTE) * MINUTE);
  assert.equal(pageviews.counts[stepOf(2)], 2);
  assert.equal(pageviews.counts[stepOf(0)], 1);
  assert.equal(data.series.at(-1).event, null);
  assert.equal(data.series.reduce((sum: number, line: any) => sum + line.total, 0), 12, 'every event is on a line');
  assert.deepEqual(data.topPages, [
    { path: '/pricing', views: 3, users: 2 },
    { path: 'https://shop.test/blog', views: 1, users: 1 },
  ]);
  assert.deepEqual(data.topEvents[0], { event: '$pageview', count: 4, users: 2 });
  assert.equal(data.topUsers[0].events, 9, "bob's 9 events in the hour");
  assert.equal(data.topUsers[1].login, 'ada@insights');
  assert.equal(data.capped, false);

  const one = await get('/api/insights?unit=minute&buckets=10&event=%24pageview');
  assert.deepEqual(
    one.series.map((line: any) => [line.event, line.total]),
    [['$pageview', 4]],
  );
  const days = await get('/api/insights?unit=day&buckets=3&tz=330');
  assert.equal((days.buckets[2] + 330 * MINUTE) % 86_400_000, 0, 'a day starts at local midnight (UTC+5:30)');
  assert.equal(days.series.find((line: any) => line.event === '$pageview').total, 5, 'the 90-minute-old one is in today or yesterday');
});

test('event summaries carry their first four own properties (props), read back from the store as the live feed sends them', async () => {
  const d = fakeBrowser('props-dora');
  const properties = { $url_path: '/cart', zeta: 'z', alpha: 1.5, nested: { a: [1, 'two'] }, flag: false, fifth: 'not shown', $os: 'Linux' };
  const event = d.track('propsEvent', properties);
  assert.equal((await postEvents(collector, [event])).body.stored, 1);
  const expected = JSON.stringify({ zeta: 'z', alpha: 1.5, nested: { a: [1, 'two'] }, flag: false });
  const [summary] = (await get('/api/event-page?event=propsEvent')).events as any[];
  assert.equal(summary.props, expected, 'in the order sent, $ keys left out, values as JSON');
  assert.equal((await get('/api/events/' + summary.id)).props, expected);
  const empty = d.track('noOwnProps', { $url_path: '/x' });
  await postEvents(collector, [empty]);
  assert.equal(((await get('/api/events?event=noOwnProps')) as any)[0].props, '{}');
});

test('insights are bounded: steps and rows capped, an unknown unit refused', async () => {
  const big = await get('/api/insights?unit=hour&buckets=100000&top=100000');
  assert.equal(big.buckets.length, INSIGHT_LIMITS.buckets);
  assert.ok(big.topEvents.length <= INSIGHT_LIMITS.top);
  assert.equal((await request(collector.url + '/api/insights?unit=week')).status, 400);
});

test('property search: key=value (text, number, boolean), free text in names, IDs, keys and values, never the JSON around them', async () => {
  const c = fakeBrowser('search-carol');
  const events = [
    c.track('checkout', { plan: 'pro', seats: 3, trial: true, note: '50% off' }),
    c.track('checkout', { plan: 'free', seats: 1, trial: false }),
    c.track('$pageview', { $url_path: '/pricing' }),
  ];
  await postEvents(collector, events);
  const names = async (search: string) => ((await get('/api/event-page?user=' + (await collector.queries.userIdByValue('search-carol')) + '&search=' + encodeURIComponent(search))).events as any[]).map((e) => e.event + (e.path ?? ''));
  assert.deepEqual(await names('plan=pro'), ['checkout']);
  assert.deepEqual(await names('seats=1'), ['checkout']);
  assert.deepEqual(await names('trial=true'), ['checkout']);
  assert.deepEqual(await names('trial=false'), ['checkout']);
  assert.deepEqual(await names('$url_path=/pricing'), ['$pageview/pricing']);
  assert.deepEqual(await names('PRICING'), ['$pageview/pricing'], 'case is ignored');
  assert.deepEqual(await names('properties'), [], 'the JSON structure is not searched');
  assert.deepEqual(await names('TRUE'), ['checkout'], 'a boolean value is searched as true/false');
  assert.deepEqual(await names('50%'), ['checkout'], '% is a character, not a wildcard');
  assert.deepEqual(await names('5%'), []);
  assert.equal((await names('search-carol')).length, 3, 'the distinct_id');
  assert.equal((await request(collector.url + '/api/event-page?search=' + 'x'.repeat(201))).status, 400);
});

test('pages: `next` walks every event once, newest first; a search pages past its scan window', async () => {
  const d = fakeBrowser('pager-dave');
  const events = Array.from({ length: 45 }, (_, i) => d.track('pageMe', { n: i }));
  await postEvents(collector, events);
  const seen: number[] = [];
  let next: number | null = null;
  for (let pages = 0; pages < 10; pages++) {
    const page: any = await get('/api/event-page?event=pageMe&limit=20' + (next === null ? '' : '&before=' + next));
    seen.push(...page.events.map((e: any) => e.id));
    next = page.next;
    if (next === null) break;
  }
  assert.equal(seen.length, 45);
  assert.equal(new Set(seen).size, 45);
  assert.deepEqual(seen, [...seen].sort((a, b) => b - a));

  // A match older than the scan window: the first page is empty but says where to go on.
  const needle = fakeBrowser('needle').track('needleEvent', { colour: 'mauve' });
  await postEvents(collector, [needle]);
  await insertFillers(1_000_000, SEARCH_SCAN_ROWS + 10);
  const first: any = await get('/api/event-page?search=colour%3Dmauve');
  assert.deepEqual(first.events, []);
  assert.equal(typeof first.next, 'number');
  const second: any = await get('/api/event-page?search=colour%3Dmauve&before=' + first.next);
  assert.deepEqual(
    second.events.map((e: any) => e.event),
    ['needleEvent'],
  );
  assert.equal(second.next, null);

  // Past INSIGHT_LIMITS.scanRows events, the insights say they counted the newest only.
  await insertFillers(2_000_000, INSIGHT_LIMITS.scanRows - SEARCH_SCAN_ROWS);
  assert.equal((await get('/api/insights?unit=minute')).capped, true);
});

/** `count` filler events (track_ids from `firstTrackId`), written straight into the test store. */
async function insertFillers(firstTrackId: number, count: number): Promise<void> {
  const columns = "INSERT INTO events (track_id, distinct_id, user_id, type, event, time, received_at, payload)";
  if (TEST_STORE === 'postgres') {
    await collector.database.query(columns + ` SELECT ? + i, 'filler', 1, 'track', 'filler', 0, 0, '{"properties":{}}' FROM generate_series(0, ? - 1) AS i`, firstTrackId, count);
    return;
  }
  const insert = collector.db.prepare(columns + " VALUES (?, 'filler', 1, 'track', 'filler', 0, 0, '{\"properties\":{}}')");
  collector.db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(firstTrackId + i);
  })();
}
