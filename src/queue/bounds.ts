import type { QueuedEvent } from './queue-store';

/** The queue's limits (see TrackerOptions). */
export interface QueueLimits {
  maxQueueSize: number;
  maxQueueBytes: number;
  maxEventAge: number;
}

/**
 * How many of the oldest `events` (sorted oldest first) must go so that the rest is within
 * the limits: count, JSON characters, and age at `now`. Dropping oldest-first keeps what is
 * most likely still useful, and the caller reports the number, never dropping silently.
 *
 * @example overBounds(queued, { maxQueueSize: 2000, maxQueueBytes: 2e6, maxEventAge: 7 * 864e5 }, Date.now()) // 0
 */
export function overBounds(events: QueuedEvent[], limits: QueueLimits, now: number): number {
  let bytes = events.reduce((sum, e) => sum + e.b.length, 0);
  let cut = 0;
  while (cut < events.length && (events.length - cut > limits.maxQueueSize || bytes > limits.maxQueueBytes || events[cut]!.t < now - limits.maxEventAge)) {
    bytes -= events[cut++]!.b.length;
  }
  return cut;
}
