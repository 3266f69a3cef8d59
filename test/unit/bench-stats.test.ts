import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, min, quartiles, sum } from '../../bench/compare/stats';

// The comparison bench ranks SDKs by these numbers: a wrong quartile would show two medians
// as apart, or as alike, when they are not.
test('bench quartiles bound the middle half, interpolating between ranks', () => {
  assert.deepEqual(quartiles([5, 1, 4, 2, 3]), [2, 4]);
  assert.deepEqual(quartiles([4, 3, 2, 1]), [1.75, 3.25]);
  assert.deepEqual(quartiles([7]), [7, 7]);
  assert.equal(quartiles([]), undefined);
});

test('bench statistics skip runs that gave no number', () => {
  assert.deepEqual(quartiles([undefined, 1, Number.NaN, 3, Infinity, 2]), [1.5, 2.5]);
  assert.equal(median([undefined, 3, 1, Number.NaN]), 2);
});

test('bench median, least and sum over odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), undefined);
  assert.equal(min([undefined, 4, 2, Number.NaN]), 2);
  assert.equal(min([]), undefined);
  assert.equal(sum([1, undefined, 2.5, Number.NaN]), 3.5);
});
