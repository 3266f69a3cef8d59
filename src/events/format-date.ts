import { localDay } from './visit-facts';

/**
 * A Date as Sensors-style receivers expect a datetime property: `yyyy-MM-dd HH:mm:ss.SSS` in
 * the user's local time (JSON would give UTC ISO text, which those receivers store as a string).
 *
 * @example formatDate(new Date(2026, 0, 2, 3, 4, 5, 6)) // '2026-01-02 03:04:05.006'
 */
export function formatDate(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return localDay(date) + ' ' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) + '.' + pad(date.getMilliseconds(), 3);
}
