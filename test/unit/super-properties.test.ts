import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { createSuperProperties } from '../../src/events/super-properties';
import { fakeLocalStorage } from './helpers';

let storage: ReturnType<typeof fakeLocalStorage>;
let reports: string[];
const report = (code: string, message: string) => void reports.push(code + ': ' + message);
beforeEach(() => {
  storage = fakeLocalStorage();
  reports = [];
});
afterEach(() => storage.restore());

test('set, get, unregister and clear, persisted in localStorage under the given key', () => {
  const supers = createSuperProperties('tracklet_id_super', report);
  supers.set({ member: 'VIP', points: 10 });
  assert.deepEqual(supers.get(), { member: 'VIP', points: 10 });
  assert.deepEqual(JSON.parse(storage.store.get('tracklet_id_super')!), { member: 'VIP', points: 10 });
  supers.unregister('member');
  assert.deepEqual(createSuperProperties('tracklet_id_super', report).get(), { points: 10 }, 'a new page load reads them back');
  supers.clear();
  assert.deepEqual(supers.get(), {});
  assert.equal(storage.store.has('tracklet_id_super'), false, 'clear removes the key');
});

test('get returns a copy; function values stay in memory and are not persisted', () => {
  const supers = createSuperProperties('k', report);
  const fn = () => 'x';
  supers.set({ a: 1, fn });
  const copy = supers.get();
  copy.a = 2;
  assert.deepEqual(supers.get(), { a: 1, fn });
  assert.deepEqual(JSON.parse(storage.store.get('k')!), { a: 1 });
});

test('each storage key is its own store (one per tracker instance)', () => {
  createSuperProperties('tracklet_a_super', report).set({ a: 1 });
  createSuperProperties('tracklet_b_super', report).set({ b: 2 });
  assert.deepEqual(createSuperProperties('tracklet_a_super', report).get(), { a: 1 });
  assert.deepEqual(createSuperProperties('tracklet_b_super', report).get(), { b: 2 });
});

test('what is loaded is filtered by key shape: tampered storage cannot inject __proto__ or odd keys', () => {
  storage.store.set('k', '{"__proto__":{"polluted":1},"bad key":1,"good":2}');
  const supers = createSuperProperties('k', report);
  assert.deepEqual(supers.get(), { good: 2 });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(reports.length, 2, reports.join('\n'));
  for (const junk of ['not json', '5', 'null', '"str"', '[1,2]', '{"a":1']) {
    storage.store.set('k', junk);
    const supers = createSuperProperties('k', report);
    assert.deepEqual(supers.get(), {}, 'junk loads as no properties: ' + junk);
    supers.set({ ...supers.get(), member: 'VIP' });
    assert.deepEqual(JSON.parse(storage.store.get('k')!), { member: 'VIP' }, 'and is replaced by the next registration: ' + junk);
  }
});

test('registering a key again replaces its value, in memory and in storage', () => {
  const supers = createSuperProperties('k', report);
  supers.set({ member: 'VIP', level: 1 });
  supers.set({ ...supers.get(), member: 'Gold' });
  assert.deepEqual(supers.get(), { member: 'Gold', level: 1 });
  assert.deepEqual(createSuperProperties('k', report).get(), { member: 'Gold', level: 1 }, 'a new page load reads the new value');
});

test('without localStorage (Node, blocked storage) it works in memory', () => {
  storage.restore();
  const supers = createSuperProperties('k', report);
  supers.set({ a: 1 });
  assert.deepEqual(supers.get(), { a: 1 });
});

test('a super property stored before the naming fix (prototype, constructor) is dropped once, reported, and removed from storage', () => {
  storage.store.set('k', '{"prototype":"x","Constructor":1,"plan":"pro"}');
  const supers = createSuperProperties('k', report);
  assert.deepEqual(Object.keys(supers.get()), ['plan']);
  assert.deepEqual(reports, [
    'invalid_property: stored super property "prototype" dropped: the key is reserved',
    'invalid_property: stored super property "Constructor" dropped: the key is reserved',
  ]);
  assert.deepEqual(JSON.parse(storage.store.get('k')!), { plan: 'pro' }, 'storage rewritten: the next page load has nothing to report');
  reports = [];
  createSuperProperties('k', report);
  assert.deepEqual(reports, []);
});
