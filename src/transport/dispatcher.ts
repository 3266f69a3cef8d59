import type { Report } from '../lib/report';
import type { Payload } from '../types';
import { sendBeacon } from './beacon';
import { encodeBatch } from './encode';
import type { Sender } from './sender';

export interface DispatcherOptions {
  url: string;
  sender: Sender;
  batchSize: number;
  flushInterval: number;
  report: Report;
  now: () => number;
}

export interface Dispatcher {
  /** Queues an event; `urgent` (identity events) sends without waiting for the interval. */
  enqueue(payload: Payload, urgent?: boolean): void;
  /** Sends everything queued; resolves when the collector answered for it. Never rejects. */
  flush(): Promise<void>;
  /** The page may be going away: hand what is queued to `sendBeacon` now. */
  sendOnHide(): void;
  /** Forgets every queued event (consent withdrawn); a batch in flight is not put back. */
  clear(): Promise<void>;
}

/** The browser's limit for beacon and keepalive bodies in flight is 64 KB; stay under it. */
export const BEACON_LIMIT = 60_000;

/**
 * Batches events in memory and sends them through `sender`; failed batches go back to the
 * front of the queue and are reported. The durable IndexedDB queue replaces this memory buffer
 * in front of the same `Sender`.
 *
 * @example
 * const dispatcher = createDispatcher({ url, sender: createFetchSender(), batchSize: 50, ... });
 * dispatcher.enqueue(payload);
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  let pending: Payload[] = [];
  let sending: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let epoch = 0;

  const schedule = (delay: number) => {
    if (timer === undefined) timer = setTimeout(flush, delay);
  };

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    sending = sending.then(drain);
    return sending;
  }

  // Sends batch after batch until the queue is empty or a batch fails; bounded by the number of
  // batches queued when it started.
  async function drain(): Promise<void> {
    for (let rounds = Math.ceil(pending.length / options.batchSize); rounds > 0 && pending.length; rounds--) {
      const batch = pending.splice(0, options.batchSize);
      const started = epoch;
      const result = await options.sender.send(options.url, encodeBatch(batch, options.now()));
      if (!result.ok) {
        if (started === epoch) pending = batch.concat(pending);
        options.report('send_failed', 'sending ' + batch.length + ' events failed with status ' + result.status);
        return;
      }
    }
  }

  return {
    enqueue(payload, urgent) {
      pending.push(payload);
      if (urgent || pending.length >= options.batchSize) void flush();
      else schedule(options.flushInterval);
    },
    flush,
    sendOnHide() {
      const unsent: Payload[] = [];
      for (const chunk of chunksUnder(pending, BEACON_LIMIT, options.now())) {
        if (!sendBeacon(options.url, chunk.body)) unsent.push(...chunk.events);
      }
      pending = unsent;
    },
    clear() {
      clearTimeout(timer);
      timer = undefined;
      pending = [];
      epoch++;
      return Promise.resolve();
    },
  };
}

/** Splits events into encoded bodies each under `limit` bytes (halving until they fit). */
export function chunksUnder(events: Payload[], limit: number, now: number): { events: Payload[]; body: string }[] {
  if (!events.length) return [];
  const body = encodeBatch(events, now);
  if (body.length <= limit || events.length === 1) return [{ events, body }];
  const half = Math.ceil(events.length / 2);
  return chunksUnder(events.slice(0, half), limit, now).concat(chunksUnder(events.slice(half), limit, now));
}
