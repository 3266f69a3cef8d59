import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clusterAdd, list, tagAdd, update } from '../fixtures/seed-clusters';
import { request, sqlValue } from './helpers/collector-server';
import { ingest, loggedIn, memberLogins, openCall, startOpenApiCollector, TOKEN, type TestCollector } from './helpers/open-api';

// Seed 003's endpoints over HTTP, with the seed's own bodies as written. The data sits in the
// seed's window (2020-01-03..09 for the cluster, 2020-05-16..06-14 for the tag).

let collector: TestCollector;
const jan = (day: number, minute = 0) => Date.UTC(2020, 0, day, 12, minute);
const june = (day: number) => Date.UTC(2020, 5, day, 12);
const tagWithComma = tagAdd.replace(/("analysis": "TIMES"\n\s*})(\n\s*"uceCalcuSymbol")/, '$1,$2');

before(async () => {
  collector = await startOpenApiCollector({ openApi: { now: () => Date.UTC(2020, 5, 15, 17, 36, 40) } });
  const events = [];
  for (const [login, level, consumed, day] of [['alice', 3, 5, 5], ['bob', 3, 4, 6], ['carol', 2, 6, 7], ['dave', '3', 5, 9], ['erin', 3, 6, 2]] as const) {
    const user = loggedIn(login);
    events.push(user.profile({ user_level: level }));
    for (let i = 0; i < consumed; i++) events.push(user.track('consume_item', jan(day, i)));
  }
  for (let i = 0; i < 5; i++) events.push(loggedIn('alice').track('player_register', june(1)), loggedIn('carol').track('player_register', june(2)));
  events.push(loggedIn('bob').track('fight_success', june(10)), loggedIn('carol').track('fight_success', june(3)));
  await ingest(collector, events);
});
after(() => collector.stop());

test("the seed's cluster example is added as written, refreshed, and its detail has the seed's fields", async () => {
  const added = await openCall(collector, 'POST', '/open/user-cluster-add', clusterAdd);
  assert.equal(added.status, 200);
  assert.deepEqual({ ...added, data: typeof added.data }, { status: 200, return_code: 0, return_message: 'success', data: 'number' });
  await collector.openApi.runner.idle();
  const detail = await openCall(collector, 'GET', '/open/user-cluster-detail?projectId=102&clusterId=' + added.data);
  assert.equal(detail.return_code, 0);
  const { data } = detail;
  for (const field of ['clusterName', 'clusterType', 'displayName', 'id', 'progress', 'projectId', 'refreshTime', 'userClusterDef', 'userId', 'usersNum']) assert.ok(field in data, field);
  assert.equal(data.clusterName, 'recent_7_days_consume');
  assert.equal(data.projectId, 102);
  assert.equal(data.progress, 100);
  assert.equal(data.refreshTime, '2020-06-15 17:36:40');
  assert.deepEqual(data.userClusterDef, JSON.parse(clusterAdd).qp, 'the definition is shown back as given');
  // alice (5 on Jan 5, level 3) and dave (5 on Jan 9, level "3"); bob has 4, carol level 2, erin's are on Jan 2.
  assert.equal(data.usersNum, 2);
  assert.deepEqual(await memberLogins(collector, added.data), ['alice', 'dave']);
  await openCall(collector, 'POST', '/open/user-cluster-delete?clusterId=' + added.data);
});

test("the seed's tag example: as written it is refused with a clear message; with its comma, uceCalcuSymbol is read as the comparator", async () => {
  const refused = await openCall(collector, 'POST', '/open/user-cluster-add', tagAdd);
  assert.equal(refused.status, 400);
  assert.equal(refused.return_code, 400);
  assert.match(refused.return_message, /^the body is not valid JSON: .*line 50, column 15.*⟨here⟩"uceCalcuSymbol"/);
  assert.equal((await openCall(collector, 'POST', '/open/user-cluster-list', { clusterCatalog: 'catalog_tag' })).data.pagerResult.totalNum, 0, 'nothing was added');

  const added = await openCall(collector, 'POST', '/open/user-cluster-add', tagWithComma);
  assert.equal(added.return_code, 0, added.return_message);
  await collector.openApi.runner.idle();
  // carol matches both values and gets the first; bob only fought once (> 0).
  assert.deepEqual(await memberLogins(collector, added.data), ['alice=标签值1', 'bob=标签值2', 'carol=标签值1']);
  const detail = (await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + added.data)).data;
  assert.equal(detail.displayName, '标签_20200615_1');
  assert.deepEqual(detail.tagQp, JSON.parse(tagWithComma).tagQp);
  assert.deepEqual(detail.tagValueUsersNum, [{ tagValue: '标签值1', usersNum: 2 }, { tagValue: '标签值2', usersNum: 1 }]);
  const onlyTwo = await openCall(collector, 'GET', '/open/user-cluster-users?clusterId=' + added.data + '&tagValue=' + encodeURIComponent('标签值2'));
  assert.deepEqual(onlyTwo.data.users.map((u: { loginId: string }) => u.loginId), ['bob']);
  await openCall(collector, 'POST', '/open/user-cluster-delete?clusterId=' + added.data);
});

test("update (the seed's body, without clusterName), refresh, progress, list with paging, delete", async () => {
  const id = (await openCall(collector, 'POST', '/open/user-cluster-add', clusterAdd)).data;
  const changed = JSON.parse(update);
  changed.qp.events[0].num = '3';
  changed.displayName = 'more than 3';
  assert.deepEqual(await openCall(collector, 'POST', '/open/user-cluster-update?clusterId=' + id, changed), { status: 200, return_code: 0, return_message: 'success' });
  assert.deepEqual(await openCall(collector, 'POST', '/open/user-cluster-refresh?projectId=102&clusterId=' + id), { status: 200, return_code: 0, return_message: 'success' });
  await collector.openApi.runner.idle();
  const progress = await openCall(collector, 'GET', '/open/user-cluster-refresh-progress?projectId=102&clusterId=' + id);
  assert.deepEqual(progress.data, { progress: 100, state: 'idle' });
  const detail = (await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + id)).data;
  assert.equal(detail.clusterName, 'recent_7_days_consume', 'kept: the update body has no clusterName');
  assert.equal(detail.displayName, 'more than 3');
  assert.deepEqual(await memberLogins(collector, id), ['alice', 'bob', 'dave']);

  const second = (await openCall(collector, 'POST', '/open/user-cluster-add', { ...JSON.parse(clusterAdd), clusterName: 'dynamic_one', clusterType: 'cluster_by_dynamic_condition', remarks: 'r' })).data;
  const tag = (await openCall(collector, 'POST', '/open/user-cluster-add', tagWithComma)).data;
  await collector.openApi.runner.idle();
  const listed = await openCall(collector, 'POST', '/open/user-cluster-list', list);
  assert.deepEqual(listed.data.pagerResult, { pageNum: 1, pageSize: 10, totalNum: 2 }, 'the seed asks for both condition types of catalog_cluster: not the tag');
  const item = listed.data.userClusters.find((c: { id: number }) => c.id === second);
  for (const field of ['clusterName', 'clusterType', 'displayName', 'id', 'progress', 'refreshTime', 'remarks', 'userId', 'userName', 'usersNum']) assert.ok(field in item, field);
  assert.equal(item.remarks, 'r');
  const page2 = await openCall(collector, 'POST', '/open/user-cluster-list', { pagerHeader: { pageNum: 2, pageSize: 2 } });
  assert.deepEqual(page2.data.pagerResult, { pageNum: 2, pageSize: 2, totalNum: 3 });
  assert.deepEqual(page2.data.userClusters.map((c: { id: number }) => c.id), [id], 'newest first');
  const tags = await openCall(collector, 'POST', '/open/user-cluster-list', { clusterCatalog: 'catalog_tag' });
  assert.deepEqual(tags.data.userClusters.map((c: { id: number }) => c.id), [tag]);
  assert.equal((await openCall(collector, 'POST', '/open/user-cluster-list')).data.pagerResult.totalNum, 3, 'no body lists everything');

  for (const cluster of [id, second, tag]) assert.equal((await openCall(collector, 'POST', '/open/user-cluster-delete?projectId=102&clusterId=' + cluster)).return_code, 0);
  assert.equal((await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + id)).status, 404);
  assert.equal((await openCall(collector, 'POST', '/open/user-cluster-list')).data.pagerResult.totalNum, 0);
  assert.equal((await sqlValue(collector, 'SELECT COUNT(*) FROM cluster_members')), 0, 'members go with their cluster');
});

test('a wrong or missing token is refused with a clear message and changes nothing', async () => {
  const before = (await sqlValue(collector, 'SELECT COUNT(*) FROM clusters'));
  for (const [query, message] of [['', /token query parameter is missing/], ['?token=', /token query parameter is missing/], ['?token=nope', /token is wrong/], ['?token=' + TOKEN + 'x', /token is wrong/]] as const) {
    const answer = await openCall(collector, 'POST', '/open/user-cluster-add' + (query || '?token='), clusterAdd);
    assert.equal(answer.status, 401, query);
    assert.equal(answer.return_code, 401);
    assert.match(answer.return_message, message);
  }
  const id = (await openCall(collector, 'POST', '/open/user-cluster-add', clusterAdd)).data;
  await collector.openApi.runner.idle();
  for (const path of ['/open/user-cluster-delete?token=bad&clusterId=' + id, '/open/user-cluster-update?token=bad&clusterId=' + id, '/open/user-cluster-refresh?token=bad&clusterId=' + id]) {
    assert.equal((await openCall(collector, 'POST', path, { displayName: 'hacked' })).return_code, 401, path);
  }
  assert.equal((await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + id)).data.displayName, 'recent_7_days_consume');
  assert.equal((await sqlValue(collector, 'SELECT COUNT(*) FROM clusters')), (before as number) + 1);
  await openCall(collector, 'POST', '/open/user-cluster-delete?clusterId=' + id);
});

test('bad bodies and parameters get a 400 naming the field; unknown paths, methods and ids are refused', async () => {
  const base = JSON.parse(clusterAdd);
  const cases: [unknown, RegExp][] = [
    ['', /the body is empty/],
    ['[1,2', /not valid JSON: .*line 1, column 5/],
    [[1], /body: expected a JSON object/],
    [{ ...base, clusterName: '' }, /clusterName: expected a non-empty string/],
    [{ ...base, clusterType: 'cluster_by_magic' }, /clusterType: expected one of cluster_by_dynamic_condition/],
    [{ ...base, clusterCatalog: 'catalog_tag' }, /clusterCatalog: cluster_by_static_condition belongs to catalog_cluster/],
    [{ ...base, qp: { ...base.qp, events: [{ ...base.qp.events[0], comparator: 'bigger' }] } }, /qp\.events\[0\]\.comparator: expected one of equal, notEqual/],
    [{ ...base, qp: { ...base.qp, events: [{ ...base.qp.events[0], comparator: undefined }] } }, /qp\.events\[0\]\.comparator: missing \(uceCalcuSymbol is read too\)/],
    [{ ...base, qp: { ...base.qp, events: [{ ...base.qp.events[0], num: 'four' }] } }, /qp\.events\[0\]\.num: expected a number; got "four"/],
    [{ ...base, qp: { ...base.qp, events: [{ ...base.qp.events[0], recentDay: 'last week' }] } }, /qp\.events\[0\]\.recentDay: expected "from-to"/],
    [{ ...base, qp: { ...base.qp, events: [{ ...base.qp.events[0], startTime: '2020-13-01 00:00:00' }] } }, /qp\.events\[0\]\.startTime: expected "YYYY-MM-DD HH:mm:ss"/],
    [{ ...base, qp: { ...base.qp, events: [{ ...base.qp.events[0], taPropQuota: { analysis: 'SUM' } }] } }, /taPropQuota\.quota: SUM needs the name of a numeric event property/],
    [{ ...base, qp: { ...base.qp, event_relation: 'xor' } }, /qp\.event_relation: expected "and" or "or"/],
    [{ ...base, qp: { ...base.qp, filts: [{ ...base.qp.filts[0], columnName: 'a"b' }] } }, /qp\.filts\[0\]\.columnName: expected a profile property name/],
    [{ ...base, qp: { ...base.qp, filts: [{ ...base.qp.filts[0], tableType: 'event' }] } }, /qp\.filts\[0\]\.tableType: only "user"/],
    [{ ...base, qp: { ...base.qp, filts: [{ ...base.qp.filts[0], comparator: 'between', ftv: ['1'] }] } }, /qp\.filts\[0\]\.ftv: between needs two values/],
    [{ ...base, qp: 'everyone' }, /qp: expected an object/],
    [{ ...base, clusterType: 'cluster_by_import', importIds: 'alice' }, /importIds: expected a list of IDs/],
    [{ clusterName: 't', clusterType: 'tag_by_static_condition', tagQp: { userTagValueDefs: [] } }, /tagQp\.userTagValueDefs: expected a list of 1 to 100 tag values/],
  ];
  for (const [body, message] of cases) {
    const answer = await openCall(collector, 'POST', '/open/user-cluster-add', body);
    assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 80));
    assert.equal(answer.return_code, 400);
    assert.match(answer.return_message, message);
  }
  assert.equal((await sqlValue(collector, 'SELECT COUNT(*) FROM clusters')), 0, 'no bad body added anything');
  assert.match((await openCall(collector, 'GET', '/open/user-cluster-detail')).return_message, /clusterId: missing/);
  assert.match((await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=abc')).return_message, /clusterId: expected a cluster id/);
  assert.deepEqual(await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=999'), { status: 404, return_code: 404, return_message: 'no cluster or tag has id 999' });
  for (const [method, path] of [['POST', '/open/user-cluster-refresh?clusterId=999'], ['POST', '/open/user-cluster-delete?clusterId=999'], ['POST', '/open/user-cluster-update?clusterId=999'], ['GET', '/open/user-cluster-users?clusterId=999'], ['GET', '/open/user-cluster-refresh-progress?clusterId=999']] as const) {
    assert.equal((await openCall(collector, method, path, method === 'POST' ? {} : undefined)).status, 404, path);
  }
  assert.equal((await openCall(collector, 'GET', '/open/user-cluster-add')).status, 405);
  assert.match((await openCall(collector, 'GET', '/open/user-cluster-add')).return_message, /takes POST; got GET/);
  assert.equal((await openCall(collector, 'GET', '/open/nothing-here')).status, 404);
  assert.match((await openCall(collector, 'POST', '/open/user-cluster-list', { pagerHeader: { pageNum: 0 } })).return_message, /pagerHeader\.pageNum: expected a whole number from 1/);
  const big = await request(collector.url + '/open/user-cluster-add?token=' + TOKEN, { method: 'POST', body: 'x'.repeat(9 * 1024 * 1024) });
  assert.equal(big.status, 413);
  assert.equal(big.body.return_code, 413);
});

test('names are unique; a taken name is a 409 and a result cluster refuses a refresh', async () => {
  const id = (await openCall(collector, 'POST', '/open/user-cluster-add', clusterAdd)).data;
  const again = await openCall(collector, 'POST', '/open/user-cluster-add', clusterAdd);
  assert.equal(again.status, 409);
  assert.match(again.return_message, /clusterName: "recent_7_days_consume" is taken by cluster \d+/);
  const result = (await openCall(collector, 'POST', '/open/user-cluster-add', { ...JSON.parse(clusterAdd), clusterName: 'saved', clusterType: 'cluster_by_result' })).data;
  await collector.openApi.runner.idle();
  assert.deepEqual(await memberLogins(collector, result), ['alice', 'dave'], 'evaluated once when added');
  const refused = await openCall(collector, 'POST', '/open/user-cluster-refresh?clusterId=' + result);
  assert.equal(refused.status, 409);
  assert.match(refused.return_message, /cluster_by_result: a saved result/);
  for (const cluster of [id, result]) await openCall(collector, 'POST', '/open/user-cluster-delete?clusterId=' + cluster);
});

test("a user's clusters and tags are in /api/users/<id>; the viewer lists segments and filters events by cluster", async () => {
  const cluster = (await openCall(collector, 'POST', '/open/user-cluster-add', clusterAdd)).data;
  const tag = (await openCall(collector, 'POST', '/open/user-cluster-add', tagWithComma)).data;
  await collector.openApi.runner.idle();
  const alice = await collector.queries.userIdByValue('alice')!;
  const user = (await request(collector.url + '/api/users/' + alice)).body as any;
  assert.deepEqual(user.segments, [
    { clusterId: cluster, clusterName: 'recent_7_days_consume', displayName: 'recent_7_days_consume', clusterCatalog: 'catalog_cluster', tagValue: null },
    { clusterId: tag, clusterName: 'tag_20200615_1', displayName: '标签_20200615_1', clusterCatalog: 'catalog_tag', tagValue: '标签值1' },
  ]);
  const segments = (await request(collector.url + '/api/segments')).body as unknown as any[];
  assert.deepEqual(segments.map((s) => [s.id, s.usersNum, s.progress, s.values.length]), [[tag, 3, 100, 2], [cluster, 2, 100, 1]]);
  const events = (await request(collector.url + '/api/events?limit=500&cluster=' + cluster)).body as unknown as { user_id: number }[];
  const members = new Set([alice, await collector.queries.userIdByValue('dave')]);
  assert.equal(events.length, 17, "alice's 11 events (profile, 5 consume_item, 5 player_register) and dave's 6");
  assert.ok(events.every((e) => members.has(e.user_id)));
  const tagged = (await request(collector.url + '/api/events?limit=500&cluster=' + tag + '&tagValue=' + encodeURIComponent('标签值2'))).body as unknown as { user_id: number }[];
  assert.deepEqual([...new Set(tagged.map((e) => e.user_id))], [await collector.queries.userIdByValue('bob')]);
  for (const id of [cluster, tag]) await openCall(collector, 'POST', '/open/user-cluster-delete?clusterId=' + id);
});
