import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueuedEvent } from '../../src/queue/queue-store';
import { reportRejected } from '../../src/transport/report-rejected';
import { parseAnswer } from '../../src/transport/sender';
import { recorder } from './helpers';

const batch = (names: string[]): QueuedEvent[] =>
  names.map((event, i) => ({ k: String(100 + i), b: JSON.stringify({ type: 'track', event }), t: i, n: i, o: 't' }));

test('each event a 2xx answer lists as rejected is reported with the collector\'s code and reason', () => {
  const report = recorder();
  const answer = { stored: 1, duplicates: 0, rejected: [{ index: 1, field: 'distinct_id', reason: 'distinct_id must be at most 255 characters' }, { index: 2, code: 'too_long', reason: 'x' }] };
  reportRejected(batch(['a', 'b', 'c']), { ok: true, status: 200, answer }, report);
  assert.deepEqual(report.calls.map((c) => c.code + ': ' + c.message), [
    'event_rejected: b (_track_id 101) rejected by the collector (200): distinct_id must be at most 255 characters',
    'event_rejected: c (_track_id 102) rejected by the collector (200): too_long: x',
  ]);
});

test('refused events the answer counts but does not list are reported together; a dry run stores nothing and is not counted', () => {
  const report = recorder();
  // 10 events: 2 stored, 1 duplicate, 2 listed, so 5 more were refused unlisted (a capped list).
  const rejected = [{ index: 0, reason: 'r0' }, { index: 1, reason: 'r1' }];
  reportRejected(batch('abcdefghij'.split('')), { ok: true, status: 200, answer: { stored: 2, duplicates: 1, rejected } }, report);
  assert.equal(report.calls.length, 3);
  assert.equal(report.calls[2]!.message, '5 more events rejected by the collector (200): the answer did not list them');
  const dry = recorder();
  reportRejected(batch(['a', 'b']), { ok: true, status: 200, answer: { stored: 0, duplicates: 0, dryRun: true, rejected: [] } }, dry);
  assert.deepEqual(dry.calls, []);
});

test('answers without a list (an empty body, a GIF, other collectors) report nothing; an odd index still reports the reason', () => {
  const report = recorder();
  for (const answer of [undefined, {}, { rejected: 'no' }, { ok: true }] as Record<string, unknown>[]) reportRejected(batch(['a']), { ok: true, status: 204, answer }, report);
  assert.deepEqual(report.calls, []);
  const odd = recorder();
  reportRejected(batch(['a']), { ok: true, status: 200, answer: { rejected: [{ index: 7, reason: 'bad' }, null] } }, odd);
  assert.deepEqual(odd.calls.map((c) => c.message), ['an event rejected by the collector (200): bad', 'an event rejected by the collector (200): undefined']);
});

test('parseAnswer keeps a JSON object (or list), nothing else', () => {
  assert.deepEqual(parseAnswer('{"rejected":[]}'), { rejected: [] });
  for (const text of ['', 'GIF89a', 'null', '5', '<html>']) assert.equal(parseAnswer(text), undefined, text);
});
