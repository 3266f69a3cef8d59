import assert from 'node:assert/strict';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { spawnCollector } from '../../demo/collector/spawn-collector';
import { postEvents, sqlValue, startTestCollector, storeArgs, tempDataDir, trackEvent } from './helpers/collector-server';
import { fakeBrowser } from './helpers/fake-browser';

test('a stopped and restarted collector keeps events, identity links, profiles and dedupe', async () => {
  const dataDir = tempDataDir();
  try {
    const b = fakeBrowser('restart-browser');
    const events = [b.track(), b.login('ivy'), b.bind('$identity_email', 'ivy@example.com'), b.profile('profile_increment', { visits: 3 }), b.track('buy')];
    const first = await startTestCollector({ dataDir });
    assert.equal((await postEvents(first, events)).body.stored, events.length);
    const before = { events: await first.queries.events({ limit: 500 }), user: await first.queries.user((await first.queries.userIdByValue('ivy'))!) };
    await first.stop();

    const second = await startTestCollector({ dataDir });
    try {
      assert.deepEqual(await second.queries.events({ limit: 500 }), before.events);
      assert.deepEqual(await second.queries.user((await second.queries.userIdByValue('ivy'))!), before.user);
      assert.deepEqual(before.user?.profile, { visits: 3 });
      const resent = await postEvents(second, events);
      assert.deepEqual([resent.status, resent.body.stored, resent.body.duplicates], [200, 0, events.length], 'dedupe survives the restart');
      assert.deepEqual((await second.queries.user((await second.queries.userIdByValue('ivy'))!))?.profile, { visits: 3 });
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('every event answered 2xx survives the collector process being killed (SIGKILL)', async () => {
  const dataDir = tempDataDir();
  try {
    const { url, child } = await spawnCollector(dataDir, await storeArgs(dataDir));
    const sent: Record<string, unknown>[] = [];
    try {
      for (let batch = 0; batch < 20; batch++) {
        const events = Array.from({ length: 50 }, (_, i) => trackEvent('crash-' + (batch % 4), { event: 'e' + i }));
        const answer = await postEvents({ ingestUrl: url + '/sa' }, events);
        assert.equal(answer.status, 200);
        assert.equal(answer.body.stored, 50);
        sent.push(...events);
      }
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    const reopened = await startTestCollector({ dataDir });
    try {
      const count = (await sqlValue(reopened, 'SELECT COUNT(*) FROM events'));
      assert.equal(count, sent.length);
      const stored = new Set((await reopened.database.query<{ key: string }>("SELECT track_id || ' ' || distinct_id AS key FROM events")).map((row) => row.key));
      assert.ok(sent.every((event) => stored.has(event._track_id + ' ' + event.distinct_id)), 'every acknowledged event is there');
      assert.equal((await reopened.queries.stats()).users, 4);
    } finally {
      await reopened.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
