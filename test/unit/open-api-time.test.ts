import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparatorOf } from '../../demo/collector/open-api/comparators';
import { parseClusterDef } from '../../demo/collector/open-api/definition';
import { resolveWindow } from '../../demo/collector/open-api/event-window';
import { formatWallTime, fromWallTime, parseWallTime, startOfDay, toWallTime } from '../../demo/collector/open-api/zoned-time';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const condition = (fields: Record<string, unknown>) => parseClusterDef({ events: [{ eventName: 'e', comparator: 'greater', num: '0', ...fields }] }, 'qp').events[0]!;

test("the seed's windows: recentDay \"1-7\" on 2020-01-10 is 01-03 through 01-09, as its startTime and endTime say", () => {
  const seed = condition({ recentDay: '1-7', startTime: '2020-01-03 00:00:00', endTime: '2020-01-09 00:00:00' });
  const defined = Date.UTC(2020, 0, 10, 10, 51, 14);
  const expected = { start: day(2020, 1, 3), end: day(2020, 1, 10) };
  assert.deepEqual(resolveWindow(seed, 'static', defined, 'UTC'), expected, 'static: the dates');
  assert.deepEqual(resolveWindow(seed, 'dynamic', defined, 'UTC'), expected, 'dynamic: recentDay, the same days on that day');
  assert.deepEqual(resolveWindow(seed, 'dynamic', defined + 86_400_000, 'UTC'), { start: day(2020, 1, 4), end: day(2020, 1, 11) }, 'a day later');
  // The tag example: "1-30" on 2020-06-15 17:36:40 is 05-16 through 06-14, as written in it.
  const tag = condition({ recentDay: '1-30', startTime: '2020-05-16 17:36:40', endTime: '2020-06-14 17:36:40' });
  assert.deepEqual(resolveWindow(tag, 'dynamic', Date.UTC(2020, 5, 15, 17, 36, 40), 'UTC'), resolveWindow(tag, 'static', 0, 'UTC'));
  assert.deepEqual(resolveWindow(condition({ recentDay: '0' }), 'dynamic', defined, 'UTC'), { start: day(2020, 1, 10), end: day(2020, 1, 11) }, '"0": today');
  assert.deepEqual(resolveWindow(condition({ recentDay: '7-1' }), 'dynamic', defined, 'UTC'), expected, 'either order');
  assert.equal(resolveWindow(condition({}), 'dynamic', defined, 'UTC'), undefined, 'no range: all time');
  assert.deepEqual(resolveWindow(condition({ recentDay: '1-7' }), 'static', defined, 'UTC'), expected, 'static with only recentDay: read on the day it was defined');
});

test('days and wall times in a time zone, across daylight saving changes', () => {
  assert.deepEqual(toWallTime(Date.UTC(2020, 0, 9, 16), 'Asia/Shanghai'), { year: 2020, month: 1, day: 10, hour: 0, minute: 0, second: 0 });
  assert.equal(fromWallTime(parseWallTime('2020-01-10 00:00:00')!, 'Asia/Shanghai'), Date.UTC(2020, 0, 9, 16));
  assert.equal(startOfDay(Date.UTC(2020, 0, 9, 17), 'Asia/Shanghai', -7), Date.UTC(2020, 0, 2, 16));
  assert.equal(formatWallTime(Date.UTC(2020, 0, 10, 10, 51, 14), 'UTC'), '2020-01-10 10:51:14');
  // Berlin: 2024-03-31 has 23 hours (02:00 → 03:00), 2024-10-27 has 25.
  assert.equal(startOfDay(Date.UTC(2024, 2, 31, 12), 'Europe/Berlin', 1) - startOfDay(Date.UTC(2024, 2, 31, 12), 'Europe/Berlin'), 23 * 3_600_000);
  assert.equal(startOfDay(Date.UTC(2024, 9, 27, 12), 'Europe/Berlin', 1) - startOfDay(Date.UTC(2024, 9, 27, 12), 'Europe/Berlin'), 25 * 3_600_000);
  assert.equal(formatWallTime(fromWallTime(parseWallTime('2024-03-31 02:30:00')!, 'Europe/Berlin'), 'Europe/Berlin'), '2024-03-31 03:30:00', 'a time in the gap moves forward');
  assert.equal(fromWallTime(parseWallTime('2024-10-27 02:30:00')!, 'Europe/Berlin'), Date.UTC(2024, 9, 27, 0, 30), 'a time that happens twice: the first');
  assert.equal(parseWallTime('2020-02-30 00:00:00'), undefined);
  assert.equal(parseWallTime('yesterday'), undefined);
  assert.deepEqual(parseWallTime('2020-02-29'), { year: 2020, month: 2, day: 29, hour: 0, minute: 0, second: 0 });
});

test('comparator spellings fold to one name; unknown ones are undefined', () => {
  for (const [spelling, name] of [['equal', 'equal'], ['NOT_EQUAL', 'notEqual'], ['gte', 'greaterEqual'], ['less than', 'less'], ['range', 'between'], ['contains', 'contain'], ['is_not_set', 'notSet'], ['notnull', 'isSet']]) {
    assert.equal(comparatorOf(spelling), name, spelling);
  }
  assert.equal(comparatorOf('bigger'), undefined);
  assert.equal(comparatorOf('__proto__'), undefined);
  assert.equal(comparatorOf(3), undefined);
});
