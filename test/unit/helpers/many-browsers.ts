import type { Database } from '../../../demo/collector/database';
import { postEvents } from './collector-server';
import { fakeBrowser } from './fake-browser';

type Payload = Record<string, unknown>;

/**
 * The input of the concurrency tests: many simulated browsers, each a list of batches sent in
 * order (a browser waits for each answer), all browsers at once. Several browsers log in to
 * the same accounts, so `$SignUp` merges, `$BindID`, `$UnbindID` and profile operations of one
 * user arrive interleaved from different browsers. Built so that the final state does not
 * depend on how the browsers interleave (what one process and several must agree on):
 * increments add up, appends are compared as sets, `set_once` writes one value, and profile
 * operations of a logged-in browser come after its login (a merge keeps the surviving user's
 * values, which would make earlier anonymous values depend on the order).
 */
export function manyBrowsers(accounts: number, browsersPerAccount: number, anonymousBrowsers: number): Payload[][][] {
  const scripts: Payload[][][] = [];
  for (let account = 0; account < accounts; account++) {
    const login = 'acct-' + account;
    for (let device = 0; device < browsersPerAccount; device++) {
      const b = fakeBrowser(login + '-device-' + device);
      const batches: Payload[][] = [[b.track(), b.track('browse')], [b.login(login)], [b.bind('$identity_email', login + '@example.com'), b.track('after_login')]];
      batches.push([b.profile('profile_increment', { visits: 1 }), b.profile('profile_append', { devices: ['device-' + device] }), b.profile('profile_set_once', { plan: 'free' })]);
      if (device === 0) batches.push([b.bind('$identity_mobile', login + '-phone')], [b.unbind('$identity_mobile', login + '-phone')]);
      batches.push([b.track('buy'), b.profile('profile_increment', { visits: 2, spent: 10 })]);
      scripts.push(batches);
    }
  }
  for (let n = 0; n < anonymousBrowsers; n++) {
    const b = fakeBrowser('anon-' + n);
    scripts.push([[b.track()], [b.profile('profile_increment', { visits: 1 }), b.track('browse')], [b.profile('profile_increment', { visits: 1 })]]);
  }
  return scripts;
}

export interface SendReport {
  acknowledged: number;
  duplicatesAnswered: number;
}

/**
 * Sends every browser's batches (`parallel` browsers at a time, in the order given, so the
 * devices of one account run together; each browser's batches in order) to the collectors, the i-th batch of every browser to a collector picked in turn, so each user's
 * events reach every collector. Every `resendEvery`-th batch is sent a second time to the next
 * collector, as a browser retrying after a lost answer would. Throws when an answer is not 200.
 */
export async function sendAll(scripts: Payload[][][], ingestUrls: string[], resendEvery = 4, parallel = 16): Promise<SendReport> {
  const report: SendReport = { acknowledged: 0, duplicatesAnswered: 0 };
  let turn = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let browser = next++; browser < scripts.length; browser = next++) {
        for (const [index, batch] of scripts[browser]!.entries()) {
          const target = (browser + index + turn++) % ingestUrls.length;
          const answer = await postEvents({ ingestUrl: ingestUrls[target]! }, batch);
          if (answer.status !== 200 || answer.body.stored !== batch.length) throw new Error('batch ' + index + ' of browser ' + browser + ': ' + answer.status + ' ' + JSON.stringify(answer.body));
          report.acknowledged += batch.length;
          if ((browser + index) % resendEvery === 0) {
            const again = await postEvents({ ingestUrl: ingestUrls[(target + 1) % ingestUrls.length]! }, batch);
            if (again.status !== 200 || again.body.duplicates !== batch.length) throw new Error('re-sent batch not de-duplicated: ' + JSON.stringify(again.body));
            report.duplicatesAnswered += batch.length;
          }
        }
      }
    }),
  );
  return report;
}

/**
 * The stored state in a form that does not depend on row ids or arrival order: per surviving
 * user, its IDs, its events (by `_track_id`) and its profile (lists sorted); sorted.
 */
export async function canonicalState(database: Database): Promise<{ users: string[]; events: number; retired: number }> {
  const users = await database.query<{ id: number; profile: string }>('SELECT id, profile FROM users WHERE merged_into IS NULL');
  const links = await database.query<{ user_id: number; key: string; value: string }>('SELECT user_id, key, value FROM identity_links');
  const events = await database.query<{ user_id: number; track_id: number }>('SELECT user_id, track_id FROM events');
  const retired = await database.query<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE merged_into IS NOT NULL');
  const byUser = new Map(users.map((user) => [user.id, { ids: [] as string[], events: [] as number[], profile: sortedLists(JSON.parse(user.profile) as Payload) }]));
  for (const link of links) byUser.get(link.user_id)?.ids.push(link.key + '=' + link.value);
  for (const event of events) {
    const owner = byUser.get(event.user_id);
    if (!owner) throw new Error('event ' + event.track_id + ' belongs to retired user ' + event.user_id);
    owner.events.push(event.track_id);
  }
  const canonical = [...byUser.values()]
    .filter((user) => user.ids.length || user.events.length)
    .map((user) => JSON.stringify({ ids: user.ids.sort(), events: user.events.sort((a, b) => a - b), profile: user.profile }))
    .sort();
  return { users: canonical, events: events.length, retired: retired[0]!.n };
}

function sortedLists(profile: Payload): Payload {
  return Object.fromEntries(Object.entries(profile).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => [key, Array.isArray(value) ? [...value].sort() : value]));
}
