/** Most timers running at once; a page starting more has a bug, and memory stays bounded. */
const MAX_TIMERS = 100;

export interface TimedEvents {
  /** Starts (or restarts) the timer of `event`; false when too many timers run. */
  start(event: string): boolean;
  /** Stops the timer of `event`: its visible duration in seconds, undefined if none ran. */
  stop(event: string): number | undefined;
  clear(): void;
}

/**
 * Timers for `timeEvent()`: the next `track()` of the name gets `event_duration` (seconds,
 * millisecond precision, as Sensors sends it) minus the time the page spent hidden meanwhile.
 *
 * @example
 * const timers = createTimedEvents(Date.now, createHiddenClock(Date.now));
 * timers.start('watch'); ... timers.stop('watch') // 12.345
 */
export function createTimedEvents(now: () => number, hiddenMs: () => number): TimedEvents {
  const timers = new Map<string, [start: number, hidden: number]>();
  return {
    start(event) {
      if (timers.size >= MAX_TIMERS && !timers.has(event)) return false;
      timers.set(event, [now(), hiddenMs()]);
      return true;
    },
    stop(event) {
      const timer = timers.get(event);
      if (!timer) return undefined;
      timers.delete(event);
      return Math.max(0, Math.round(now() - timer[0] - (hiddenMs() - timer[1]))) / 1000;
    },
    clear: () => timers.clear(),
  };
}
