import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanProperties, type CleanContext } from '../../src/events/clean-properties';
import { formatDate } from '../../src/events/format-date';
import { recorder } from './helpers';

const setup = (extra: Partial<CleanContext> = {}) => {
  const report = recorder();
  const ctx: CleanContext = { where: 'track("buy")', method: 'track', report, maxLength: 255, ...extra };
  return { report, clean: (input: unknown) => cleanProperties(input, ctx) };
};

test('strings, finite numbers, booleans, Dates and lists of strings are kept', () => {
  const { report, clean } = setup();
  const when = new Date(2026, 0, 2, 3, 4, 5, 6);
  assert.deepEqual(clean({ s: 'red', n: 5.5, z: -0, b: false, d: when, l: ['a', 'b'], e: [] }), {
    s: 'red', n: 5.5, z: -0, b: false, d: '2026-01-02 03:04:05.006', l: ['a', 'b'], e: [],
  });
  assert.deepEqual(report.calls, []);
});

test('Dates are sent as local yyyy-MM-dd HH:mm:ss.SSS, as Sensors does', () => {
  assert.equal(formatDate(new Date(1999, 11, 31, 23, 59, 59, 999)), '1999-12-31 23:59:59.999');
  assert.equal(formatDate(new Date(2026, 6, 4, 0, 0, 0, 0)), '2026-07-04 00:00:00.000');
});

test('a value of another type drops its property, with a report naming the event, the key and the rule', () => {
  const { report, clean } = setup();
  const out = clean({ ok: 1, nul: null, nan: NaN, inf: Infinity, obj: { a: 1 }, fn: () => 1, sym: Symbol('x'), big: BigInt(10), bad: new Date('x'), mixed: ['a', 1] });
  assert.deepEqual(out, { ok: 1 });
  assert.equal(report.calls.length, 9);
  for (const call of report.calls) {
    assert.equal(call.code, 'invalid_property');
    assert.equal(call.method, 'track');
    assert.match(call.message, /^track\("buy"\): "\w+" dropped: /);
  }
  assert.match(report.calls[0]!.message, /"nul" dropped: must be a string, number, boolean, Date or string list/);
  assert.match(report.calls.find((c) => c.message.includes('"bad"'))!.message, /invalid Date/);
  assert.match(report.calls.find((c) => c.message.includes('"mixed"'))!.message, /list items must be strings/);
});

test('undefined values are skipped silently (an absent property), null/undefined properties are no properties', () => {
  const { report, clean } = setup();
  assert.deepEqual(clean({ a: undefined, b: 1 }), { b: 1 });
  assert.deepEqual(clean(undefined), {});
  assert.deepEqual(clean(null), {});
  assert.deepEqual(report.calls, []);
});

test('invalid keys drop their property; the rest are kept', () => {
  const { report, clean } = setup();
  assert.deepEqual(clean({ 'a b': 1, time: 2, $lib: 'x', $url: '/virtual', good: 3, ['x'.repeat(100)]: 4 }), { $url: '/virtual', good: 3 });
  assert.deepEqual(report.calls.map((c) => c.message.replace(/x{40}\.\.\./, 'X')), [
    'track("buy"): "a b" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
    'track("buy"): "time" dropped: the key is reserved',
    'track("buy"): "$lib" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
    'track("buy"): "X" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
  ]);
});

test('over-long strings are cut to maxLength (255 by default) and the cut is reported', () => {
  const { report, clean } = setup();
  const out = clean({ long: 'x'.repeat(300), items: ['y'.repeat(256)] });
  assert.equal((out.long as string).length, 255);
  assert.equal((out.items as string[])[0]!.length, 255);
  assert.deepEqual(report.calls.map((c) => [c.code, c.message]), [
    ['value_cut', 'track("buy"): "long" cut to 255 characters'],
    ['value_cut', 'track("buy"): "items" cut to 255 characters'],
  ]);
  const short = setup({ maxLength: 3 });
  assert.deepEqual(short.clean({ s: 'abcdef' }), { s: 'abc' });
});

test('a cut never leaves half of a surrogate pair', () => {
  const { clean } = setup({ maxLength: 4 });
  assert.deepEqual(clean({ s: 'abc😀def' }), { s: 'abc' });
  assert.deepEqual(clean({ s: 'ab😀def' }), { s: 'ab😀' });
});

test('lists are cut to 100 items', () => {
  const { report, clean } = setup();
  const out = clean({ tags: Array.from({ length: 150 }, (_, i) => 't' + i) });
  assert.equal((out.tags as string[]).length, 100);
  assert.equal((out.tags as string[])[99], 't99');
  assert.deepEqual(report.calls.map((c) => c.message), ['track("buy"): "tags" cut to 100 items']);
  assert.equal((setup().clean({ sparse: new Array(2 ** 32 - 1) }).sparse), undefined, 'a huge sparse list is refused, fast');
});

test('at most 100 properties: the first 100 are kept, the rest dropped with one report', () => {
  const { report, clean } = setup();
  const input = Object.fromEntries(Array.from({ length: 120 }, (_, i) => ['p' + i, i]));
  const out = clean(input);
  assert.equal(Object.keys(out).length, 100);
  assert.equal(out.p99, 99);
  assert.equal(out.p100, undefined);
  assert.deepEqual(report.calls.map((c) => c.message), ['track("buy"): over 100 properties; "p100" and later dropped']);
});

test('properties that are not an object are ignored with a report', () => {
  for (const input of ['str', 5, true, ['a'], Symbol('s'), () => 1]) {
    const { report, clean } = setup();
    assert.deepEqual(clean(input), {});
    assert.deepEqual(report.calls.map((c) => c.message), ['track("buy"): properties must be a readable object; ignored'], String(typeof input));
  }
});

test('hostile inputs never throw and never reach a prototype', () => {
  const { report, clean } = setup();
  const polluting = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "ok": 1}');
  assert.deepEqual(clean(polluting), { ok: 1 });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.keys(Object.prototype).length, 0);

  const getter = { good: 1, get bad(): number { throw new Error('getter boom'); } };
  assert.deepEqual(clean(getter), { good: 1 });
  assert.match(report.calls.at(-1)!.message, /"bad" dropped: threw Error: getter boom/);

  const trap = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  assert.deepEqual(clean(trap), {});
  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
  revoke();
  assert.deepEqual(clean(proxy), {});
  const getTrap = new Proxy({ a: 1, b: 2 }, { get() { throw new Error('get'); } });
  assert.deepEqual(clean(getTrap), {});
  const weirdThrow = { get k(): number { throw { toString() { throw new Error('no'); } }; } };
  assert.deepEqual(clean(weirdThrow), {});
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  assert.deepEqual(clean(circular), { a: 1 });
  const arrayWithGetter = ['a'];
  Object.defineProperty(arrayWithGetter, 0, { get() { throw new Error('item'); } });
  assert.deepEqual(clean({ l: arrayWithGetter }), {});
  assert.deepEqual(clean(Object.create(null, { k: { value: 'v', enumerable: true } })), { k: 'v' });
  assert.deepEqual(clean({ [Symbol('s')]: 1, visible: 2 }), { visible: 2 });
});

test('kind "number" (incrementProfile) accepts only finite numbers', () => {
  const { report, clean } = setup({ kind: 'number', where: 'incrementProfile', method: 'incrementProfile' });
  assert.deepEqual(clean({ points: 5, minus: -1.5, str: '5', nan: NaN, inf: -Infinity, bool: true }), { points: 5, minus: -1.5 });
  assert.equal(report.calls.length, 4);
  assert.match(report.calls[0]!.message, /^incrementProfile: "str" dropped: must be a finite number$/);
});

test('kind "list" (appendProfile) accepts strings and lists of strings; a string becomes a list of one', () => {
  const { report, clean } = setup({ kind: 'list', where: 'appendProfile', method: 'appendProfile' });
  assert.deepEqual(clean({ one: 'x', many: ['a', 'b'], num: 5, date: new Date(), bool: true }), { one: ['x'], many: ['a', 'b'] });
  assert.equal(report.calls.length, 3);
  assert.match(report.calls[0]!.message, /"num" dropped: must be a string or string list/);
});

test('kind "fn" keeps functions; with an event set, functions are called per event and their result checked', () => {
  const fn = (event: string) => 'for ' + event;
  assert.equal(setup({ kind: 'fn' }).clean({ f: fn }).f, fn);
  const { report, clean } = setup({ event: 'buy' });
  assert.deepEqual(clean({ f: fn, n: () => NaN, t: () => { throw new Error('nope'); }, u: () => undefined }), { f: 'for buy' });
  assert.deepEqual(report.calls.map((c) => c.message), [
    'track("buy"): "n" dropped: must be a string, number, boolean, Date or string list',
    'track("buy"): "t" dropped: threw Error: nope',
  ]);
});

test('each report carries its code: invalid_property for a dropped property, value_cut for a cut', () => {
  const many = setup();
  many.clean(Object.fromEntries(Array.from({ length: 101 }, (_, i) => ['p' + i, i])));
  const notObject = setup();
  notObject.clean('str');
  const cut = setup({ maxLength: 2 });
  cut.clean({ s: 'abc', bad: {} });
  assert.deepEqual([...many.report.calls, ...notObject.report.calls, ...cut.report.calls].map((c) => c.code + ' ' + c.method), [
    'invalid_property track',
    'invalid_property track',
    'value_cut track',
    'invalid_property track',
  ]);
});

test('exactly at the limits nothing is cut or reported: a string of maxLength, a list of 100 items', () => {
  const { report, clean } = setup({ maxLength: 5 });
  const items = Array.from({ length: 100 }, (_, i) => 'i' + i);
  assert.deepEqual(clean({ s: 'abcde', l: items, one: ['vwxyz'] }), { s: 'abcde', l: items, one: ['vwxyz'] });
  assert.deepEqual(report.calls, []);
});

test('with an event set (super properties of a track), plain values are kept as they are, not called', () => {
  const { report, clean } = setup({ event: 'buy', kind: 'fn' });
  const when = new Date(2026, 0, 2, 3, 4, 5, 6);
  assert.deepEqual(clean({ s: 'red', n: 1, b: true, d: when, l: ['a'] }), { s: 'red', n: 1, b: true, d: '2026-01-02 03:04:05.006', l: ['a'] });
  assert.deepEqual(report.calls, []);
});

test('kind "fn" keeps functions only: other values are checked, cut and converted as usual', () => {
  const { report, clean } = setup({ kind: 'fn', maxLength: 3 });
  assert.deepEqual(clean({ s: 'abcdef', d: new Date(2026, 0, 2, 3, 4, 5, 6), o: { a: 1 }, n: NaN }), { s: 'abc', d: '2026-01-02 03:04:05.006' });
  assert.deepEqual(report.calls.map((c) => c.code), ['value_cut', 'invalid_property', 'invalid_property']);
});
