import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBeforeSend } from '../../src/events/before-send';
import type { Payload } from '../../src/types';
import { recorder } from './helpers';

const payload = (): Payload => ({
  identities: { $identity_cookie_id: 'c' },
  distinct_id: 'c',
  lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0' },
  properties: { color: 'red' },
  anonymous_id: 'c',
  type: 'track',
  event: 'buy',
  time: 1,
  _track_id: 2,
});

test('returning false or null drops the event', () => {
  const report = recorder();
  assert.equal(runBeforeSend(() => false, payload(), report), undefined);
  assert.equal(runBeforeSend(() => null, payload(), report), undefined);
  assert.deepEqual(report.calls, []);
});

test('the hook may edit its argument in place, or return another payload', () => {
  const report = recorder();
  const edited = runBeforeSend((p) => void (p.properties.color = 'blue'), payload(), report);
  assert.equal(edited!.properties.color, 'blue');
  const replaced = runBeforeSend((p) => ({ ...p, event: 'renamed' }), payload(), report);
  assert.equal(replaced!.event, 'renamed');
  assert.deepEqual(report.calls, []);
});

test('a throwing hook is reported and the event kept unchanged, even if it edited before throwing', () => {
  const report = recorder();
  const original = payload();
  const kept = runBeforeSend((p) => {
    p.properties.color = 'changed';
    throw new Error('hook bug');
  }, original, report);
  assert.equal(kept, original);
  assert.equal(kept!.properties.color, 'red');
  assert.deepEqual(report.calls.map((c) => [c.code, c.message]), [['before_send_failed', 'beforeSend failed (Error: hook bug); event sent unchanged']]);
});

test('a result that is not a payload, or cannot be encoded, is reported and the original kept', () => {
  const report = recorder();
  const circular = (p: Payload) => {
    (p.properties as Record<string, unknown>).self = p;
    return p;
  };
  for (const hook of [() => 5, () => 'x', circular, (p: Payload) => ({ ...p, big: BigInt(10) }), () => { throw Symbol('s'); }] as never[]) {
    const original = payload();
    assert.equal(runBeforeSend(hook, original, report), original);
  }
  assert.equal(report.calls.length, 5);
  assert.match(report.calls[0]!.message, /returned a number/);
});

test('a failing hook is reported as coming from beforeSend (the method onError receives)', () => {
  const report = recorder();
  runBeforeSend(() => { throw new Error('x'); }, payload(), report);
  runBeforeSend(() => 5 as never, payload(), report);
  assert.deepEqual(report.calls.map((c) => c.method), ['beforeSend', 'beforeSend']);
});
