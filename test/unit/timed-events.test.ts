import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTimedEvents } from '../../src/events/timed-events';

function clocks() {
  const state = { now: 1_000, hidden: 0 };
  return { state, timers: createTimedEvents(() => state.now, () => state.hidden) };
}

test('the duration is the time between timeEvent and track, in seconds with millisecond precision', () => {
  const { state, timers } = clocks();
  timers.start('watch');
  state.now += 12_345;
  assert.equal(timers.stop('watch'), 12.345);
  assert.equal(timers.stop('watch'), undefined, 'a timer is used once');
});

test('time the page spent hidden is left out', () => {
  const { state, timers } = clocks();
  state.hidden = 500; // hidden before the timer started: not counted against it
  timers.start('read');
  state.now += 10_000;
  state.hidden += 4_000;
  assert.equal(timers.stop('read'), 6);
});

test('restarting a timer starts it over; unknown names have no duration', () => {
  const { state, timers } = clocks();
  timers.start('a');
  state.now += 5_000;
  timers.start('a');
  state.now += 1_000;
  assert.equal(timers.stop('a'), 1);
  assert.equal(timers.stop('never'), undefined);
});

test('at most 100 timers run at once; clear stops them all', () => {
  const { timers } = clocks();
  for (let i = 0; i < 100; i++) assert.equal(timers.start('e' + i), true);
  assert.equal(timers.start('one_more'), false);
  assert.equal(timers.start('e5'), true, 'restarting a running timer is allowed');
  timers.clear();
  assert.equal(timers.stop('e5'), undefined);
  assert.equal(timers.start('one_more'), true);
});
