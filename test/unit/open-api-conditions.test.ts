import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addCluster, ingest, loggedIn, memberLogins, openCall, startOpenApiCollector, timesDef, type TestCollector } from './helpers/open-api';

// Every comparator (on event counts, on sums and averages, on profile properties) and every
// relation, each against a small population whose answer is known by construction.

let collector: TestCollector;
const day = (d: number, hour = 12) => Date.UTC(2024, 2, d, hour);
let names = 0;

// buy events (price) and profiles of six users; all events fall on 2024-03-05..07.
const people: [login: string, buys: number[], profile: Record<string, unknown>][] = [
  ['ann', [], { plan: 'free', age: 17, city: 'Oslo', tags: ['new'] }],
  ['ben', [10], { plan: 'pro', age: 30, city: 'Bergen', tags: ['vip', 'beta'] }],
  ['cat', [10, 20], { plan: 'pro', age: '45', city: 'Oslo-Nord' }],
  ['dan', [5, 5, 5], { plan: null, age: 61, signup: '2024-02-01' }],
  ['eva', [100, 1, 1, 1], { plan: 'team', age: 30.5, signup: '2024-03-01' }],
  ['fay', [2, 2, 2, 2, 2], {}],
];

before(async () => {
  collector = await startOpenApiCollector();
  const events = [];
  for (const [login, buys, profile] of people) {
    const user = loggedIn(login);
    events.push(user.profile(profile), user.track('visit', day(5)));
    buys.forEach((price, i) => events.push(user.track('buy', day(5 + (i % 3), 10 + i), { price })));
  }
  await ingest(collector, events);
});
after(() => collector.stop());

const cluster = async (qp: Record<string, unknown>) => {
  const id = await addCluster(collector, { clusterName: 'c' + ++names, clusterCatalog: 'catalog_cluster', clusterType: 'cluster_by_dynamic_condition', qp });
  const logins = await memberLogins(collector, id);
  await openCall(collector, 'POST', '/open/user-cluster-delete?clusterId=' + id);
  return logins;
};
const filter = (columnName: string, comparator: string, ftv: unknown[] = []) => ({ events: [], filts: [{ columnName, comparator, ftv, tableType: 'user' }] });
const quota = (analysis: string, comparator: string, num: unknown) => ({
  events: [{ eventName: 'buy', comparator, num, taPropQuota: { analysis, quota: 'price' } }],
});

test('event counts (TIMES) with every comparator, counting users without the event as 0', async () => {
  assert.deepEqual(await cluster(timesDef('buy', 'equal', '2')), ['cat']);
  assert.deepEqual(await cluster(timesDef('buy', 'equal', '0')), ['ann']);
  assert.deepEqual(await cluster(timesDef('buy', 'notEqual', '0')), ['ben', 'cat', 'dan', 'eva', 'fay']);
  assert.deepEqual(await cluster(timesDef('buy', 'greater', '3')), ['eva', 'fay']);
  assert.deepEqual(await cluster(timesDef('buy', 'greaterEqual', '3')), ['dan', 'eva', 'fay']);
  assert.deepEqual(await cluster(timesDef('buy', 'less', '1')), ['ann'], 'less 1: who did not buy');
  assert.deepEqual(await cluster(timesDef('buy', 'lessEqual', '1')), ['ann', 'ben']);
  assert.deepEqual(await cluster(timesDef('buy', 'between', ['2', '3'])), ['cat', 'dan']);
  assert.deepEqual(await cluster(timesDef('buy', 'between', '2,4')), ['cat', 'dan', 'eva']);
  assert.deepEqual(await cluster(timesDef('buy', 'gt', 4)), ['fay'], 'a synonym and a number');
  assert.deepEqual(await cluster(timesDef('nothing_like_it', 'less', '1')), ['ann', 'ben', 'cat', 'dan', 'eva', 'fay']);
});

test('event counts within a time range: startTime/endTime name whole days', async () => {
  // Buys on 03-06 and 03-07 only: cat's 2nd, dan's 2nd and 3rd, eva's 2nd and 3rd, fay's 2nd, 3rd and 5th.
  const range = { startTime: '2024-03-06 18:00:00', endTime: '2024-03-07 00:00:00' };
  assert.deepEqual(await cluster(timesDef('buy', 'greaterEqual', '2', range)), ['dan', 'eva', 'fay']);
  assert.deepEqual(await cluster(timesDef('buy', 'equal', '1', range)), ['cat']);
  assert.deepEqual(await cluster(timesDef('buy', 'greater', '0', { startTime: '2024-03-08 00:00:00', endTime: '2024-03-09 00:00:00' })), []);
});

test('sums, averages, maxima and minima of a numeric event property', async () => {
  assert.deepEqual(await cluster(quota('SUM', 'greater', '15')), ['cat', 'eva']);
  assert.deepEqual(await cluster(quota('SUM', 'equal', '0')), ['ann'], 'no events sum to 0');
  assert.deepEqual(await cluster(quota('SUM', 'between', ['10', '15'])), ['ben', 'dan', 'fay']);
  assert.deepEqual(await cluster(quota('AVG', 'equal', '5')), ['dan']);
  assert.deepEqual(await cluster(quota('AVG', 'greaterEqual', '10')), ['ben', 'cat', 'eva'], 'no events: no average (ann is not in)');
  assert.deepEqual(await cluster(quota('MAX', 'greaterEqual', '20')), ['cat', 'eva']);
  assert.deepEqual(await cluster(quota('MIN', 'less', '3')), ['eva', 'fay']);
});

test('profile filters with every comparator: numbers as numbers, text as text, lists by item', async () => {
  assert.deepEqual(await cluster(filter('plan', 'equal', ['pro', 'team'])), ['ben', 'cat', 'eva']);
  assert.deepEqual(await cluster(filter('age', 'equal', ['30'])), ['ben'], '"30" matches the number 30');
  assert.deepEqual(await cluster(filter('age', 'equal', ['45'])), ['cat'], '"45" matches the text "45"');
  assert.deepEqual(await cluster(filter('plan', 'notEqual', ['pro'])), ['ann', 'eva'], 'set and different: not dan (null) nor fay (absent)');
  assert.deepEqual(await cluster(filter('age', 'greater', ['30'])), ['dan', 'eva'], 'numbers only: the text "45" is not compared');
  assert.deepEqual(await cluster(filter('age', 'greaterEqual', ['30'])), ['ben', 'dan', 'eva']);
  assert.deepEqual(await cluster(filter('age', 'less', ['30'])), ['ann']);
  assert.deepEqual(await cluster(filter('age', 'lessEqual', [30])), ['ann', 'ben']);
  assert.deepEqual(await cluster(filter('age', 'between', ['18', '61'])), ['ben', 'dan', 'eva']);
  assert.deepEqual(await cluster(filter('signup', 'less', ['2024-02-15'])), ['dan'], 'ISO dates order as text');
  assert.deepEqual(await cluster(filter('signup', 'between', ['2024-02-01', '2024-03-01'])), ['dan', 'eva']);
  assert.deepEqual(await cluster(filter('city', 'contain', ['Oslo'])), ['ann', 'cat']);
  assert.deepEqual(await cluster(filter('tags', 'contain', ['vip'])), ['ben'], 'a list holds the item');
  assert.deepEqual(await cluster(filter('city', 'notContain', ['Nord'])), ['ann', 'ben']);
  assert.deepEqual(await cluster(filter('plan', 'isSet')), ['ann', 'ben', 'cat', 'eva'], 'null is not set');
  assert.deepEqual(await cluster(filter('plan', 'notSet')), ['dan', 'fay']);
  assert.deepEqual(await cluster(filter('plan', 'is_not_set')), ['dan', 'fay'], 'a synonym');
});

test('relations: event_relation, relation and event_user_relation, and and or', async () => {
  const bought = { eventName: 'buy', comparator: 'greaterEqual', num: '3', taPropQuota: { analysis: 'TIMES' } };
  const visited = { eventName: 'visit', comparator: 'greater', num: '0', taPropQuota: { analysis: 'TIMES' } };
  const neverBought = { ...bought, comparator: 'equal', num: '0' };
  const pro = { columnName: 'plan', comparator: 'equal', ftv: ['pro'], tableType: 'user' };
  const oslo = { columnName: 'city', comparator: 'contain', ftv: ['Oslo'], tableType: 'user' };
  assert.deepEqual(await cluster({ events: [bought, visited], event_relation: 'and' }), ['dan', 'eva', 'fay']);
  assert.deepEqual(await cluster({ events: [bought, neverBought], event_relation: 'or' }), ['ann', 'dan', 'eva', 'fay']);
  assert.deepEqual(await cluster({ events: [bought, neverBought], event_relation: 'and' }), []);
  assert.deepEqual(await cluster({ filts: [pro, oslo], relation: 'and' }), ['cat']);
  assert.deepEqual(await cluster({ filts: [pro, oslo], relation: 'or' }), ['ann', 'ben', 'cat']);
  assert.deepEqual(await cluster({ events: [bought], filts: [pro, oslo], relation: 'or', event_user_relation: 'and' }), []);
  assert.deepEqual(await cluster({ events: [bought], filts: [pro, oslo], relation: 'or', event_user_relation: 'or' }), ['ann', 'ben', 'cat', 'dan', 'eva', 'fay']);
  assert.deepEqual(await cluster({ events: [neverBought], filts: [oslo], event_user_relation: 'AND' }), ['ann'], 'case is ignored');
  assert.deepEqual(await cluster({ events: [], filts: [] }), ['ann', 'ben', 'cat', 'dan', 'eva', 'fay'], 'no condition: everyone');
});
