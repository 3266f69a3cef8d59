import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanProperties } from '../../src/events/clean-properties';
import { keysAsProperties, PROFILE_CALLS } from '../../src/events/profile';
import { recorder } from './helpers';

test("each profile call sends the wire format's type named after it: setOnceProfile → profile_set_once", () => {
  // DESIGN.md's payload types, each named for its call: <verb>Profile → profile_<verb in snake case>.
  const typeOf = (method: string) => 'profile_' + method.replace(/Profile$/, '').replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
  const types = Object.entries(PROFILE_CALLS).map(([method, [type]]) => [type, typeOf(method)]);
  assert.deepEqual(types.map(([type]) => type), types.map(([, expected]) => expected));
  assert.deepEqual(types.map(([type]) => type).sort(), ['profile_append', 'profile_delete', 'profile_increment', 'profile_set', 'profile_set_once', 'profile_unset']);
});

test('each profile call keeps its kind of values: increment numbers, append string lists, the others any value', () => {
  const bag = { text: 'a', count: 2, flag: true, tags: ['x'], when: new Date(2024, 0, 1) };
  const kept = (method: keyof typeof PROFILE_CALLS) =>
    cleanProperties(bag, { where: method, method, report: recorder(), maxLength: 255, kind: PROFILE_CALLS[method][1] });
  const anyValue = { text: 'a', count: 2, flag: true, tags: ['x'], when: '2024-01-01 00:00:00.000' };
  for (const method of ['setProfile', 'setOnceProfile', 'unsetProfile', 'deleteProfile'] as const) assert.deepEqual(kept(method), anyValue, method);
  assert.deepEqual(kept('incrementProfile'), { count: 2 });
  assert.deepEqual(kept('appendProfile'), { text: ['a'], tags: ['x'] }, 'a string is appended as a list of one');
});

test('unsetProfile takes a key or a list of keys, sent as Sensors-style { key: true }', () => {
  assert.deepEqual({ ...keysAsProperties('hobby') }, { hobby: true });
  assert.deepEqual({ ...keysAsProperties(['hobby', 'city']) }, { hobby: true, city: true });
});

test('unsetProfile keys are checked like property keys; non-strings and __proto__ are refused with a report', () => {
  const report = recorder();
  const props = cleanProperties(keysAsProperties(['ok', '__proto__', 5, Symbol('s'), 'time', null]), {
    where: 'unsetProfile', method: 'unsetProfile', report, maxLength: 255,
  });
  assert.deepEqual(props, { ok: true });
  assert.deepEqual(report.calls.map((c) => c.message), [
    'unsetProfile: "__proto__" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
    'unsetProfile: "(number)" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
    'unsetProfile: "(symbol)" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
    'unsetProfile: "time" dropped: the key is reserved',
    'unsetProfile: "(object)" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
  ]);
  assert.equal(({} as Record<string, unknown>).ok, undefined, 'no prototype touched');
});
