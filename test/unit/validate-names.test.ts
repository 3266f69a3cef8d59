import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameProblem, quote, wireNameProblem } from '../../src/events/validate-name';

test('event names: a letter, then letters, digits and _, 1 to 99 characters', () => {
  for (const name of ['a', 'buy', 'buttonClick', 'A_1', 'x'.repeat(99), 'a__b9']) assert.equal(nameProblem(name), '', name);
  for (const name of ['', '1abc', '_a', 'a b', 'a-b', 'café', '事件', 'x'.repeat(100), 'a.b', 'a\n']) {
    assert.match(nameProblem(name), /letter then letters, digits or _/, JSON.stringify(name));
  }
});

test('of the $ names, only the known presets are accepted, and each only where it belongs', () => {
  assert.equal(nameProblem('$pageview'), '');
  assert.equal(nameProblem('$WebClick'), '');
  for (const name of ['$SignUp', '$BindID', '$custom', '$url', '$']) assert.notEqual(nameProblem(name), '', name);
  for (const key of ['$url', '$title', '$referrer']) assert.equal(nameProblem(key, true), '', key);
  for (const key of ['$pageview', '$lib', '$is_first_day', '$identity_login_id']) assert.notEqual(nameProblem(key, true), '', key);
});

test('reserved words are refused as names and keys, in any letter case', () => {
  for (const name of ['time', 'TIME', 'distinct_id', 'original_id', 'properties', 'id', 'Id', 'event', 'events', 'user_id', 'type', 'date', 'datetime', 'first_id', 'second_id', 'users']) {
    assert.equal(nameProblem(name), 'is reserved', name);
    assert.equal(nameProblem(name, true), 'is reserved', name);
  }
  for (const name of ['times', 'my_id', 'eventName', 'typed']) assert.equal(nameProblem(name, true), '', name);
});

test('non-strings are refused without being converted', () => {
  const hostile = { toString() { throw new Error('boom'); } };
  for (const value of [undefined, null, 5, NaN, true, Symbol('s'), {}, [], () => 1, hostile, BigInt(10)]) {
    assert.equal(nameProblem(value), 'must be a string');
    assert.equal(nameProblem(value, true), 'must be a string');
  }
});

test('the collector\'s check refuses what arrives as a non-string, even a list starting with "$", without throwing', () => {
  // JSON gives the collector any type where a name should be: null, numbers, lists, objects.
  for (const value of [null, undefined, 5, true, ['$'], ['$', 'pageview'], { 0: '$' }]) {
    assert.equal(wireNameProblem(value), 'must be a string', JSON.stringify(value));
  }
  assert.equal(wireNameProblem('$lib'), '');
  assert.equal(wireNameProblem('$'), 'must be a letter then letters, digits or _ (1-99 chars)');
});

test('quote renders any value briefly and safely for messages', () => {
  assert.equal(quote('buy'), '"buy"');
  assert.equal(quote('x'.repeat(10_000)), JSON.stringify('x'.repeat(40) + '...'));
  assert.equal(quote(Symbol('s')), 'symbol');
  assert.equal(quote({ toString() { throw new Error('boom'); } }), 'object');
  assert.equal(quote(undefined), 'undefined');
});
