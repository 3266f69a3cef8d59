import assert from 'node:assert/strict';
import { test } from 'node:test';
import { range, received, requestsWith, sleep, tally } from '../browser/helpers/delivery';
import { forEachEngine } from './helpers/suite';
import { call, drained, enginePage, openSettled, pageErrors, queued, trackMany, untilQueued } from './helpers/tab';

// Delivery in Chromium, Firefox and WebKit: batches, retries, outages across a reload, leaving
// the page, closing the tab, two tabs. Each test names its events with a `run` of its own.
forEachEngine((env) => {
  const requests = (run: string) => requestsWith(env.server, run);

  test('a burst of 100 events goes in batches of at most batchSize, each event once; flush() resolves after the answers', async (t) => {
    const { profile, tab } = await env.open(enginePage(env.server, { batchSize: 30, flushInterval: 60_000 }));
    await trackMany(tab, 100, 'burst');
    await call(tab, 'flush');
    assert.equal(received(env.server, 'burst').length, 100, 'all acknowledged when flush() resolved');
    const sizes = requests('burst').map((r) => r.events.length);
    assert.ok(sizes.length >= 4 && sizes.every((n) => n <= 30), 'batches: ' + sizes.join(', '));
    assert.ok(requests('burst').every((r) => r.method === 'POST' && r.contentType === 'application/x-www-form-urlencoded'), 'CORS-simple form POSTs');
    tally(t, env.server, 100, 'burst');
    assert.deepEqual(received(env.server, 'burst'), range(0, 100));
    assert.deepEqual(await drained(tab), []);
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  test('collector down (503) for a while, then back: every event arrives once', async (t) => {
    const { profile, tab } = await env.open(enginePage(env.server));
    env.server.answer(503);
    try {
      await trackMany(tab, 20, 'down');
      await env.server.waitFor(() => requests('down').length >= 3, '3 failed attempts');
      await call(tab, 'flush'); // settles while the collector is down: neither hangs nor rejects
    } finally {
      env.server.answer(200);
    }
    await env.server.waitFor(() => received(env.server, 'down').length >= 20, '20 events', 10_000);
    await sleep(300);
    tally(t, env.server, 20, 'down');
    assert.deepEqual(received(env.server, 'down'), range(0, 20), 'each event once');
    assert.deepEqual(await drained(tab), [], 'the queue is empty once acknowledged');
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  test('network cut, page reloaded during the outage, then back: all events arrive once', async (t) => {
    // An unanswered page-hide send counts as handed over: the next page resends after resendAfter.
    const { profile, tab } = await env.open(enginePage(env.server, { resendAfter: 1000 }));
    await trackMany(tab, 5, 'outage');
    await env.server.waitFor(() => received(env.server, 'outage').length >= 5, 'the events before the outage');
    env.server.cut(true);
    try {
      await trackMany(tab, 5, 'outage', 5);
      await untilQueued(tab, 5);
      await tab.reload();
      await trackMany(tab, 5, 'outage', 10);
      await untilQueued(tab, 10);
      await sleep(300);
      assert.equal(received(env.server, 'outage').length, 5, 'nothing got through during the outage');
      assert.equal((await queued(tab)).length, 10, "both pages' events wait in the queue");
    } finally {
      env.server.cut(false);
    }
    await env.server.waitFor(() => received(env.server, 'outage').length >= 15, '15 events', 10_000);
    await sleep(300);
    tally(t, env.server, 15, 'outage');
    assert.deepEqual(received(env.server, 'outage'), range(0, 15));
    assert.deepEqual(await drained(tab), []);
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  test('20 events tracked, then the page navigated away at once: the page-hide send delivers them, each once', async (t) => {
    env.server.page('/elsewhere.html', '<!doctype html><title>no tracker here</title>');
    // A long interval: the events can only leave through the page-hide path.
    const path = enginePage(env.server, { flushInterval: 60_000 });
    const { profile, tab } = await env.open(path);
    await call(tab, 'flush');
    await trackMany(tab, 20, 'away');
    await tab.goto(env.server.origin + '/elsewhere.html');
    await env.server.waitFor(() => received(env.server, 'away').length >= 20, '20 events', 10_000);
    // Back on the site: nothing is sent again (acknowledged, or marked as handed over).
    await openSettled(tab, env.server.origin + path);
    await sleep(300);
    tally(t, env.server, 20, 'away');
    assert.deepEqual(received(env.server, 'away'), range(0, 20), 'each once');
    assert.ok(requests('away').every((r) => r.form === 'data_list'), 'plain bodies: no time to gzip at page hide');
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  test('20 events queued while the collector fails, the tab closed, the site opened again: all arrive once', async (t) => {
    const path = enginePage(env.server, { flushInterval: 60_000, resendAfter: 300 });
    const { profile, tab } = await env.open(path);
    env.server.answer(503);
    try {
      await trackMany(tab, 20, 'closed');
      await untilQueued(tab, 20);
      const next = await profile.newTab();
      await tab.close();
      await sleep(300);
      env.server.answer(200);
      await next.goto(env.server.origin + path);
      await env.server.waitFor(() => received(env.server, 'closed').length >= 20, '20 events from the next tab', 10_000);
      await sleep(300);
      tally(t, env.server, 20, 'closed');
      assert.deepEqual(received(env.server, 'closed'), range(0, 20), 'each once');
      assert.deepEqual(await drained(next), []);
      assert.deepEqual(await pageErrors(next), []);
    } finally {
      env.server.answer(200);
    }
    await profile.close();
  });

  for (const outage of [false, true]) {
    test(`two tabs tracking at the same time${outage ? ', collector down then back,' : ''} share one queue: no event lost or sent twice`, async (t) => {
      const run = outage ? 'tabsDown' : 'tabs';
      // With an outage every event outlives resendAfter, so both tabs may take all of them.
      const path = enginePage(env.server, outage ? { resendAfter: 100, batchSize: 10 } : {});
      const profile = await env.browser.newProfile();
      const [a, b] = [await profile.newTab(), await profile.newTab()];
      await Promise.all([a.goto(env.server.origin + path), b.goto(env.server.origin + path)]);
      t.diagnostic('Web Locks: ' + (await a.evaluate(() => 'locks' in navigator)));
      if (outage) env.server.answer(503);
      try {
        for (let round = 0; round < 4; round++) {
          await Promise.all([trackMany(a, 10, run + 'A', round * 10), trackMany(b, 10, run + 'B', round * 10)]);
          await sleep(30);
        }
        if (outage) await sleep(500);
      } finally {
        env.server.answer(200);
      }
      const total = () => received(env.server, run + 'A').length + received(env.server, run + 'B').length;
      await env.server.waitFor(() => total() >= 80, '80 events', 15_000);
      await sleep(300);
      tally(t, env.server, 80, run + 'A', run + 'B');
      assert.deepEqual(received(env.server, run + 'A'), range(0, 40), 'tab A: each event once');
      assert.deepEqual(received(env.server, run + 'B'), range(0, 40), 'tab B: each event once');
      assert.deepEqual(await drained(a), []);
      assert.deepEqual([...(await pageErrors(a)), ...(await pageErrors(b))], []);
      await profile.close();
    });
  }
});
