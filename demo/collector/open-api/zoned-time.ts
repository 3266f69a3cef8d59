/**
 * Wall-clock times in a named time zone (`TRACKLET_TIMEZONE`, an IANA name such as
 * `Asia/Shanghai`; default UTC) without a date library: Intl gives the zone's offset at an
 * instant, and a wall time is turned into an instant by correcting a UTC guess with it.
 */

/** A calendar date and time of day as written in the seed: `2020-01-03 00:00:00`. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * Throws a clear error for a zone name Intl does not know (checked once, at start).
 *
 * @example assertTimeZone(process.env.TRACKLET_TIMEZONE ?? 'UTC');
 */
export function assertTimeZone(timeZone: string): void {
  try {
    formatter(timeZone);
  } catch {
    throw new Error('TRACKLET_TIMEZONE: unknown time zone "' + timeZone + '" (use an IANA name such as UTC or Asia/Shanghai)');
  }
}

/**
 * The wall time in `timeZone` at an instant (ms since the epoch).
 *
 * @example toWallTime(Date.UTC(2020, 0, 9, 16), 'Asia/Shanghai') // { year: 2020, month: 1, day: 10, hour: 0, ... }
 */
export function toWallTime(epochMs: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/**
 * The instant a wall time names in `timeZone`. In an overlap (fall back) the earlier of the
 * two instants; in a gap (spring forward, where some zones put midnight) the wall time is
 * read with the offset before the gap, landing that much later (02:30 → 03:30).
 *
 * @example fromWallTime({ year: 2020, month: 1, day: 10, hour: 0, minute: 0, second: 0 }, 'Asia/Shanghai') // Date.UTC(2020, 0, 9, 16)
 */
export function fromWallTime(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsetAt = (instant: number) => {
    const w = toWallTime(instant, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
  };
  // No zone changes its offset twice within a day: the offsets 12 hours either side are the
  // only candidates.
  const before = asUtc - offsetAt(asUtc - 43_200_000);
  const after = asUtc - offsetAt(asUtc + 43_200_000);
  const names = (instant: number) => offsetAt(instant) === asUtc - instant;
  const valid = [before, after].filter(names);
  return valid.length ? Math.min(...valid) : before;
}

/**
 * Midnight (in `timeZone`) of the day `plusDays` after the day holding `epochMs`.
 *
 * @example startOfDay(Date.UTC(2020, 0, 10, 10, 51), 'UTC', -7) // Date.UTC(2020, 0, 3)
 */
export function startOfDay(epochMs: number, timeZone: string, plusDays = 0): number {
  const wall = toWallTime(epochMs, timeZone);
  const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + plusDays));
  return fromWallTime({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 0, minute: 0, second: 0 }, timeZone);
}

/**
 * Reads `YYYY-MM-DD HH:mm:ss` (or `YYYY-MM-DD`, or with a `T`); undefined when it is not one.
 *
 * @example parseWallTime('2020-01-03 00:00:00')?.day // 3
 */
export function parseWallTime(text: string): WallTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const wall = { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  const valid = check.getUTCMonth() === wall.month - 1 && check.getUTCDate() === wall.day && wall.hour < 24 && wall.minute < 60 && wall.second < 60;
  return valid ? wall : undefined;
}

/**
 * An instant as the seed writes times: `2020-01-10 10:51:14` in `timeZone`.
 *
 * @example formatWallTime(Date.UTC(2020, 0, 10, 10, 51, 14), 'UTC') // '2020-01-10 10:51:14'
 */
export function formatWallTime(epochMs: number, timeZone: string): string {
  const w = toWallTime(epochMs, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return w.year + '-' + pad(w.month) + '-' + pad(w.day) + ' ' + pad(w.hour) + ':' + pad(w.minute) + ':' + pad(w.second);
}
