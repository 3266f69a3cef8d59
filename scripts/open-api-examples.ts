import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../demo/collector/collector';
import { clusterAdd, list, tagAdd, update } from '../test/fixtures/seed-clusters';

// `node --import tsx scripts/open-api-examples.ts [out.md]`: runs seed 003's examples, as
// written, against a real collector on 127.0.0.1 and prints each request with its answer
// (docs/open-api-examples.md is this output). The events are sent through the ingest path
// like the SDK's, dated in the seed's windows (January and June 2020, UTC).

const dataDir = mkdtempSync(join(tmpdir(), 'tracklet-open-api-'));
const collector = await startCollector({ port: 0, dataDir, quiet: true, openApi: { token: 'example-token', timeZone: 'UTC', now: () => Date.UTC(2020, 5, 15, 17, 36, 40) } });
const out: string[] = [];
let trackId = 1;

const event = (user: string, type: string, fields: Record<string, unknown>) => ({
  identities: { $identity_cookie_id: 'cookie-' + user, $identity_login_id: user },
  distinct_id: user,
  login_id: user,
  lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0.1.0' },
  properties: {},
  type,
  time: Date.UTC(2020, 0, 5),
  _track_id: trackId++,
  ...fields,
});
const times = (n: number, user: string, name: string, day: number, month = 0) => Array.from({ length: n }, (_, i) => event(user, 'track', { event: name, time: Date.UTC(2020, month, day, 10, i) }));
const level = (user: string, value: unknown) => event(user, 'profile_set', { properties: { user_level: value } });

const events = [
  level('alice', 3), ...times(5, 'alice', 'consume_item', 5), ...times(5, 'alice', 'player_register', 1, 5),
  level('bob', 3), ...times(4, 'bob', 'consume_item', 8), ...times(1, 'bob', 'fight_success', 10, 5),
  level('carol', 2), ...times(6, 'carol', 'consume_item', 9), ...times(5, 'carol', 'player_register', 2, 5), ...times(2, 'carol', 'fight_success', 3, 5),
  level('dave', '3'), ...times(5, 'dave', 'consume_item', 3), ...times(3, 'dave', 'consume_item', 10),
  level('erin', 3), ...times(6, 'erin', 'consume_item', 2),
];
const ingest = await fetch(collector.ingestUrl, { method: 'POST', body: JSON.stringify(events) });
out.push('Data: ' + events.length + ' events of 5 users sent to `POST /sa` (answer ' + ingest.status + '): ' +
  'alice (user_level 3, consume_item ×5 on 2020-01-05, player_register ×5 on 2020-06-01), bob (3; consume_item ×4 on 01-08; fight_success ×1 on 06-10), ' +
  'carol (2; consume_item ×6 on 01-09; player_register ×5, fight_success ×2 in June), dave ("3" as text; consume_item ×5 on 01-03 and ×3 on 01-10), erin (3; consume_item ×6 on 01-02). ' +
  'Collector clock: 2020-06-15 17:36:40 UTC (the tag example was made then); `TRACKLET_TIMEZONE` UTC; token `example-token`.\n');

async function call(method: 'GET' | 'POST', path: string, body?: string, note = '', bodyNote = "the seed's example as written"): Promise<any> {
  const response = await fetch(collector.url + path, { method, ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'application/json' } }) });
  const text = await response.text();
  out.push('### ' + method + ' ' + path + (note ? ' — ' + note : ''), '');
  if (body !== undefined) out.push('Body: ' + (body.length > 300 ? bodyNote + ' (' + body.length + ' bytes)' : '`' + body + '`'), '');
  out.push('HTTP ' + response.status + '\n```json\n' + JSON.stringify(JSON.parse(text), null, 2) + '\n```\n');
  return JSON.parse(text);
}
const idle = () => collector.openApi.runner.idle();

const t = 'token=example-token';
const { data: clusterId } = await call('POST', '/open/user-cluster-add?' + t, clusterAdd, 'the condition cluster example');
await idle();
await call('GET', `/open/user-cluster-detail?${t}&projectId=102&clusterId=${clusterId}`);
await call('GET', `/open/user-cluster-users?${t}&projectId=102&clusterId=${clusterId}`, undefined, 'the members');
await call('POST', '/open/user-cluster-add?' + t, tagAdd, 'the tag example as written (it lacks a comma)');
const { data: tagId } = await call('POST', '/open/user-cluster-add?' + t, tagAdd.replace(/("analysis": "TIMES"\n\s*})(\n\s*"uceCalcuSymbol")/, '$1,$2'), 'the tag example with the comma put back (uceCalcuSymbol read as comparator)', 'the seed\'s example with one comma added');
await idle();
await call('GET', `/open/user-cluster-detail?${t}&projectId=102&clusterId=${tagId}`);
await call('GET', `/open/user-cluster-users?${t}&projectId=102&clusterId=${tagId}`, undefined, 'who holds which value');
await call('POST', `/open/user-cluster-update?${t}&clusterId=${clusterId}`, update, 'the update example');
await call('POST', `/open/user-cluster-refresh?${t}&projectId=102&clusterId=${clusterId}`);
// Over five users a refresh is done before the next request: the benchmark
// (bench/results/cluster-refresh.md) shows the progress values a long refresh goes through.
await idle();
await call('GET', `/open/user-cluster-refresh-progress?${t}&projectId=102&clusterId=${clusterId}`, undefined, 'after the refresh');
await call('POST', '/open/user-cluster-list?' + t, list, 'the list example');
await call('GET', `/open/user-cluster-detail?token=wrong&projectId=102&clusterId=${clusterId}`, undefined, 'a wrong token');
await call('POST', `/open/user-cluster-delete?${t}&projectId=102&clusterId=${tagId}`, undefined, 'the delete example');
await call('GET', `/open/user-cluster-detail?${t}&projectId=102&clusterId=${tagId}`, undefined, 'after the delete');

await collector.close();
rmSync(dataDir, { recursive: true, force: true });
const text = out.join('\n');
if (process.argv[2]) writeFileSync(process.argv[2], '# Seed 003\'s examples against the collector\n\nOutput of `node --import tsx scripts/open-api-examples.ts`.\n\n' + text);
console.log(text);
