import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TabLock } from '../../src/lib/tab-lock';
import { createQueueStore } from '../../src/queue/create-queue-store';
import { createDispatcher, type Dispatcher } from '../../src/transport/dispatcher';
import type { Sender } from '../../src/transport/sender';
import type { Payload } from '../../src/types';
import { dispatcherSettings, fakeSender, recorder } from './helpers';

const settings = dispatcherSettings({ sendType: 'beacon', resendAfter: 20 });
const event = (id: number) => ({ event: 'e', time: Date.now(), _track_id: id, properties: {} }) as unknown as Payload;
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, label: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await tick(5);
  assert.ok(check(), label);
}

// Two tabs of one site: one queue (the browser's IndexedDB, here one store object) and one
// cross-tab lock (Web Locks, here a promise chain).
const store = createQueueStore('tracklet_tabs');
let held: Promise<unknown> = Promise.resolve();
const lock: TabLock = (task) => {
  const run = held.then(task);
  held = run.catch(() => undefined);
  return run;
};
// Every page made is cleared when the test ends, pass or fail: a failing run must not leave a
// page retrying the outage for ever (the test process would never end).
const pages: Dispatcher[] = [];
const tabPage = (tab: string, sender: Sender) => {
  const page = createDispatcher(settings, { sender, store, lock, tab, report: recorder() });
  pages.push(page);
  return page;
};

test("the page-hide send leaves another tab's events alone, even once anyone may send them", async (t) => {
  t.after(() => Promise.race([Promise.all(pages.map((page) => page.clear())), tick(100)]));
  // Tab b queues an event during an outage: the collector asks it to wait 5 s.
  const outage = { ok: false, status: 503, retryAfter: 5 };
  const b1 = fakeSender(outage);
  tabPage('b', b1.sender).enqueue(event(1), true);
  await until(() => b1.bodies.length === 1, "tab b's first attempt");
  await tick(30); // past resendAfter: the event is anyone's
  // Tab a, opened now, takes it over (under the lock) and fails too; it stays in a's view.
  const a = fakeSender(outage);
  const tabA = tabPage('a', a.sender);
  await until(() => a.bodies.length === 1, 'tab a took the stale event over');
  assert.match(a.bodies[0]!, /^data_list=/);
  // Tab b is reloaded and sends its event again; the answer has not come yet.
  const b2 = fakeSender();
  tabPage('b', b2.sender);
  await until(() => b2.bodies.length === 1, 'tab b sends it again');
  // Tab a is hidden: its page-hide send takes no lock, so it must not send b's event now.
  tabA.sendOnHide();
  await tick(20);
  assert.equal(a.bodies.length, 1, "tab a's page-hide send left tab b's event alone");
  // Tab a's own events still go with its page-hide send.
  tabA.enqueue(event(2));
  tabA.sendOnHide();
  await until(() => a.bodies.length === 2, "tab a's own event goes at page hide");
  const sent = JSON.parse(Buffer.from(decodeURIComponent(a.bodies[1]!.split('&')[0]!.slice('data_list='.length)), 'base64').toString());
  assert.deepEqual(sent.map((e: { _track_id: number }) => e._track_id), [2]);
  b2.answer({ ok: true, status: 200 });
});
