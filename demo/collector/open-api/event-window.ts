import type { EventCondition } from './definition';
import { fromWallTime, startOfDay } from './zoned-time';

/** A half-open range of event times in ms: start ≤ time < end. */
export interface TimeRange {
  start: number;
  end: number;
}

/**
 * The time range an event condition covers, in `timeZone` (see "Time ranges" in
 * demo/collector/README.md):
 * - `recentDay` "a-b" is the whole days from b days before `anchorMs`'s day through a days
 *   before it ("1-7" on 2020-01-10: 2020-01-03 00:00 up to 2020-01-10 00:00; "0-0" is today).
 * - `startTime`/`endTime` name whole days too: from the start of startTime's day to the end of
 *   endTime's day (the seed writes the time of day the condition was made into both).
 * - A static condition uses its dates when it has them, else its `recentDay` read against the
 *   day it was defined (`anchorMs` = defined_at); a dynamic one uses its `recentDay` read
 *   against the refresh (`anchorMs` = now), else its dates. Neither: all time (undefined).
 *
 * @example resolveWindow(condition, 'dynamic', Date.now(), 'UTC') // { start, end }
 */
export function resolveWindow(condition: EventCondition, mode: 'static' | 'dynamic', anchorMs: number, timeZone: string): TimeRange | undefined {
  const fromDates = () => {
    const { start, end } = condition.dates!;
    const first = fromWallTime({ ...start, hour: 0, minute: 0, second: 0 }, timeZone);
    return { start: first, end: startOfDay(fromWallTime({ ...end, hour: 12, minute: 0, second: 0 }, timeZone), timeZone, 1) };
  };
  const fromRecent = () => {
    const { fromDaysAgo, toDaysAgo } = condition.recent!;
    return { start: startOfDay(anchorMs, timeZone, -toDaysAgo), end: startOfDay(anchorMs, timeZone, 1 - fromDaysAgo) };
  };
  if (mode === 'static') return condition.dates ? fromDates() : condition.recent ? fromRecent() : undefined;
  return condition.recent ? fromRecent() : condition.dates ? fromDates() : undefined;
}
