/**
 * A Date as Sensors-style receivers expect a datetime property: `yyyy-MM-dd HH:mm:ss.SSS` in
 * the user's local time (JSON would give UTC ISO text, which those receivers store as a string).
 * Shifting the instant by the zone offset lets `toISOString` print the local wall time.
 *
 * @example formatDate(new Date(2026, 0, 2, 3, 4, 5, 6)) // '2026-01-02 03:04:05.006'
 */
export function formatDate(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().replace('T', ' ').slice(0, 23);
}
