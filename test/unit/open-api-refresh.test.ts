import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCluster, ingest, loggedIn, memberLogins, openCall, startOpenApiCollector, timesDef } from './helpers/open-api';
import { fakeBrowser } from './helpers/fake-browser';
import { postEvents } from './helpers/collector-server';

// Refresh semantics: static against dynamic across a day boundary (the clock is injected),
// tags, imports, concurrent refreshes.

const at = (day: number, hour = 12) => Date.UTC(2024, 2, day, hour);

test('across a day boundary a dynamic recentDay range moves with the date, a static one stays', async () => {
  let now = at(10, 23);
  const collector = await startOpenApiCollector({ openApi: { now: () => now } });
  try {
    // "1-2" on 03-10: 03-08 and 03-09. ann bought on 03-08, ben on 03-10.
    await ingest(collector, [loggedIn('ann').track('buy', at(8)), loggedIn('ben').track('buy', at(10, 1))]);
    const def = timesDef('buy', 'greater', '0', { recentDay: '1-2' });
    const dynamic = await addCluster(collector, { clusterName: 'dyn', clusterType: 'cluster_by_dynamic_condition', qp: def });
    const fixed = await addCluster(collector, { clusterName: 'static', clusterType: 'cluster_by_static_condition', qp: def });
    const dated = await addCluster(collector, { clusterName: 'dated', clusterType: 'cluster_by_dynamic_condition', qp: timesDef('buy', 'greater', '0', { startTime: '2024-03-08 00:00:00', endTime: '2024-03-09 00:00:00' }) });
    assert.deepEqual(await memberLogins(collector, dynamic), ['ann']);
    assert.deepEqual(await memberLogins(collector, fixed), ['ann']);

    now = at(11, 0) + 1; // one hour and a bit later: 03-11, so "1-2" is 03-09 and 03-10
    for (const id of [dynamic, fixed, dated]) await openCall(collector, 'POST', '/open/user-cluster-refresh?clusterId=' + id);
    await collector.openApi.runner.idle();
    assert.deepEqual(await memberLogins(collector, dynamic), ['ben'], 'the dynamic range moved a day');
    assert.deepEqual(await memberLogins(collector, fixed), ['ann'], 'the static range is the one of the day it was defined');
    assert.deepEqual(await memberLogins(collector, dated), ['ann'], 'dates without recentDay stay put');
    const detail = (await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + dynamic)).data;
    assert.equal(detail.refreshTime, '2024-03-11 00:00:00');

    now = at(11, 12);
    await openCall(collector, 'POST', '/open/user-cluster-update?clusterId=' + fixed, { displayName: 'redefined today' });
    await collector.openApi.runner.idle();
    assert.deepEqual(await memberLogins(collector, fixed), ['ben'], 'an update defines it again, on the new day');
  } finally {
    await collector.stop();
  }
});

test('days are those of TRACKLET_TIMEZONE', async () => {
  // 2024-03-09 20:00 UTC is 03-10 04:00 in Shanghai (UTC+8): "today", not yesterday, there.
  const now = Date.UTC(2024, 2, 10, 6);
  const events = [loggedIn('late').track('buy', Date.UTC(2024, 2, 9, 20))];
  const def = { clusterName: 'yesterday', clusterType: 'cluster_by_dynamic_condition', qp: timesDef('buy', 'greater', '0', { recentDay: '1-1' }) };
  for (const [timeZone, expected] of [['UTC', ['late']], ['Asia/Shanghai', []]] as const) {
    const collector = await startOpenApiCollector({ openApi: { now: () => now, timeZone } });
    try {
      await ingest(collector, events);
      assert.deepEqual(await memberLogins(collector, await addCluster(collector, def)), expected, timeZone);
    } finally {
      await collector.stop();
    }
  }
});

test('a tag gives each user the first value whose definition matches; users matching none hold no value', async () => {
  const collector = await startOpenApiCollector();
  try {
    const events = [];
    for (const [login, buys] of [['none', 0], ['one', 1], ['few', 3], ['many', 9]] as const) {
      events.push(loggedIn(login).track('visit', at(1)));
      for (let i = 0; i < buys; i++) events.push(loggedIn(login).track('buy', at(1, i)));
    }
    await ingest(collector, events);
    const value = (tagValue: string, comparator: string, num: string) => ({ tagValue, userClusterDef: timesDef('buy', comparator, num) });
    const tag = await addCluster(collector, {
      clusterName: 'buyers',
      clusterCatalog: 'catalog_tag',
      clusterType: 'tag_by_dynamic_condition',
      tagQp: { userTagValueDefs: [value('heavy', 'greater', '5'), value('regular', 'greater', '1'), value('any', 'greater', '0')] },
    });
    assert.deepEqual(await memberLogins(collector, tag), ['few=regular', 'many=heavy', 'one=any']);
    const detail = (await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + tag)).data;
    assert.equal(detail.usersNum, 3);
    const repeated = await openCall(collector, 'POST', '/open/user-cluster-add', { clusterName: 'x', clusterType: 'tag_by_static_condition', tagQp: { userTagValueDefs: [value('a', 'greater', '0'), value('a', 'less', '1')] } });
    assert.match(repeated.return_message, /tagQp\.userTagValueDefs\[1\]\.tagValue: repeats "a"/);
  } finally {
    await collector.stop();
  }
});

test('import clusters and tags match any ID a user holds, and IDs that appear later join at the next refresh', async () => {
  const collector = await startOpenApiCollector();
  try {
    const browser = fakeBrowser('cookie-b');
    const stored = await postEvents(collector, [browser.track(), browser.login('bea'), browser.bind('$identity_email', 'bea@example.com')]);
    assert.equal(stored.body.stored, 3);
    await ingest(collector, [loggedIn('cid').track('visit', at(1)), loggedIn('dee').track('visit', at(1))]);
    const imported = await addCluster(collector, {
      clusterName: 'vip',
      clusterCatalog: 'catalog_cluster',
      clusterType: 'cluster_by_import',
      importIds: ['bea@example.com', 'cookie-cid', 'someone-new', 42],
    });
    assert.deepEqual(await memberLogins(collector, imported), ['bea', 'cid'], 'a bound ID and a cookie ID');
    const detail = (await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + imported)).data;
    assert.deepEqual(detail.importIds, ['bea@example.com', 'cookie-cid', 'someone-new', '42']);

    await ingest(collector, [loggedIn('someone-new').track('visit', at(2))]);
    assert.deepEqual(await memberLogins(collector, imported), ['bea', 'cid'], 'members change at a refresh only');
    await openCall(collector, 'POST', '/open/user-cluster-refresh?clusterId=' + imported);
    await collector.openApi.runner.idle();
    assert.deepEqual(await memberLogins(collector, imported), ['bea', 'cid', 'someone-new']);

    const tag = await addCluster(collector, {
      clusterName: 'tiers',
      clusterType: 'tag_by_import',
      tagImports: [{ tagValue: 'gold', ids: ['dee', 'bea'] }, { tagValue: 'silver', ids: ['cookie-b', 'cid'] }],
    });
    assert.deepEqual(await memberLogins(collector, tag), ['bea=gold', 'cid=silver', 'dee=gold'], 'bea is in both lists: the first wins');
    await openCall(collector, 'POST', '/open/user-cluster-update?clusterId=' + imported, { importIds: ['dee'] });
    await collector.openApi.runner.idle();
    assert.deepEqual(await memberLogins(collector, imported), ['dee']);
    assert.match((await openCall(collector, 'POST', '/open/user-cluster-add', { clusterName: 't2', clusterType: 'tag_by_import', tagImports: [{ tagValue: 'x', ids: 'a' }] })).return_message, /tagImports\[0\]\.ids: expected a list of IDs/);
  } finally {
    await collector.stop();
  }
});

test('concurrent refreshes: one at a time, a repeated request joins the running one, every cluster ends right', async () => {
  // A pause between chunks of 100 users makes each refresh last long enough to overlap.
  const collector = await startOpenApiCollector({ openApi: { refreshPauseMs: 5, refreshChunkUsers: 50 } });
  try {
    const events = [];
    for (let i = 0; i < 600; i++) {
      const user = loggedIn('u' + i);
      events.push(user.profile({ n: i }));
      for (let k = 0; k < i % 4; k++) events.push(user.track('buy', at(1, k)));
    }
    await ingest(collector, events);
    const defs = [0, 1, 2, 3].map((num) => ({ clusterName: 'buys' + num, clusterType: 'cluster_by_dynamic_condition', qp: timesDef('buy', 'equal', String(num)) }));
    const ids = [];
    for (const def of defs) ids.push(await addCluster(collector, def));
    const states = new Set<string>();
    const asked = await Promise.all(ids.flatMap((id) => [1, 2, 3].map(() => openCall(collector, 'POST', '/open/user-cluster-refresh?clusterId=' + id))));
    assert.ok(asked.every((answer) => answer.return_code === 0));
    for (let polls = 0; polls < 2000; polls++) {
      const statuses = await Promise.all(ids.map(async (id) => (await openCall(collector, 'GET', '/open/user-cluster-refresh-progress?clusterId=' + id)).data));
      assert.ok(statuses.filter((s) => s.state === 'running').length <= 1, 'one refresh runs at a time');
      statuses.forEach((s) => states.add(s.state));
      if (statuses.every((s) => s.state === 'idle')) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await collector.openApi.runner.idle();
    assert.ok(states.has('queued') && states.has('running'), 'seen waiting and running: ' + [...states].join(', '));
    for (const [i, id] of ids.entries()) {
      const detail = (await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + id)).data;
      assert.deepEqual([detail.usersNum, detail.progress, detail.refreshState], [150, 100, 'idle'], 'buys' + i);
    }
  } finally {
    await collector.stop();
  }
});
