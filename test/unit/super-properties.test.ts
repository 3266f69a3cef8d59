import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createSuperProperties } from '../../src/events/super-properties';
import { fakeLocalStorage } from './helpers';

let storage: ReturnType<typeof fakeLocalStorage>;
beforeEach(() => (storage = fakeLocalStorage()));
afterEach(() => storage.restore());

test('set, get, unregister and clear, persisted in localStorage under the given key', () => {
  const supers = createSuperProperties('tracklet_id_super');
  supers.set({ member: 'VIP', points: 10 });
  assert.deepEqual(supers.get(), { member: 'VIP', points: 10 });
  assert.deepEqual(JSON.parse(storage.store.get('tracklet_id_super')!), { member: 'VIP', points: 10 });
  supers.unregister('member');
  assert.deepEqual(createSuperProperties('tracklet_id_super').get(), { points: 10 }, 'a new page load reads them back');
  supers.clear();
  assert.deepEqual(supers.get(), {});
  assert.equal(storage.store.has('tracklet_id_super'), false, 'clear removes the key');
});

test('get returns a copy; function values stay in memory and are not persisted', () => {
  const supers = createSuperProperties('k');
  const fn = () => 'x';
  supers.set({ a: 1, fn });
  const copy = supers.get();
  copy.a = 2;
  assert.deepEqual(supers.get(), { a: 1, fn });
  assert.deepEqual(JSON.parse(storage.store.get('k')!), { a: 1 });
});

test('each storage key is its own store (one per tracker instance)', () => {
  createSuperProperties('tracklet_a_super').set({ a: 1 });
  createSuperProperties('tracklet_b_super').set({ b: 2 });
  assert.deepEqual(createSuperProperties('tracklet_a_super').get(), { a: 1 });
  assert.deepEqual(createSuperProperties('tracklet_b_super').get(), { b: 2 });
});

test('what is loaded is filtered by key shape: tampered storage cannot inject __proto__ or odd keys', () => {
  storage.store.set('k', '{"__proto__":{"polluted":1},"bad key":1,"good":2}');
  const supers = createSuperProperties('k');
  assert.deepEqual(supers.get(), { good: 2 });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  for (const junk of ['not json', '5', 'null', '"str"', '[1,2]', '{"a":1']) {
    storage.store.set('k', junk);
    const supers = createSuperProperties('k');
    assert.deepEqual(supers.get(), {}, 'junk loads as no properties: ' + junk);
    supers.set({ ...supers.get(), member: 'VIP' });
    assert.deepEqual(JSON.parse(storage.store.get('k')!), { member: 'VIP' }, 'and is replaced by the next registration: ' + junk);
  }
});

test('registering a key again replaces its value, in memory and in storage', () => {
  const supers = createSuperProperties('k');
  supers.set({ member: 'VIP', level: 1 });
  supers.set({ ...supers.get(), member: 'Gold' });
  assert.deepEqual(supers.get(), { member: 'Gold', level: 1 });
  assert.deepEqual(createSuperProperties('k').get(), { member: 'Gold', level: 1 }, 'a new page load reads the new value');
});

test('without localStorage (Node, blocked storage) it works in memory', () => {
  storage.restore();
  const supers = createSuperProperties('k');
  supers.set({ a: 1 });
  assert.deepEqual(supers.get(), { a: 1 });
});
