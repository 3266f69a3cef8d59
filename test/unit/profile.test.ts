import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanProperties } from '../../src/events/clean-properties';
import { keysAsProperties, PROFILE_CALLS } from '../../src/events/profile';
import { recorder } from './helpers';

test('each profile call sends its payload type and accepts its kind of values', () => {
  assert.deepEqual(PROFILE_CALLS, {
    setProfile: ['profile_set', 'any'],
    setOnceProfile: ['profile_set_once', 'any'],
    incrementProfile: ['profile_increment', 'number'],
    appendProfile: ['profile_append', 'list'],
    unsetProfile: ['profile_unset', 'any'],
    deleteProfile: ['profile_delete', 'any'],
  });
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
