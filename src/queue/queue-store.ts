/** One tracked event in the durable queue: one record per event. */
export interface QueuedEvent {
  /** The key: the event's `_track_id`, which a re-sent event keeps. */
  k: string;
  /** The payload's JSON, serialized once (without `_flush_time`, stamped as it leaves). */
  b: string;
  /** Event time (ms), for order and age. */
  t: number;
  /** Order among the events of one page with the same time. */
  n: number;
  /** The tab that queued it (see tab-id.ts): only that tab sends it while it is fresh. */
  o: string;
  /** When a page that was being hidden handed it to the browser, unacknowledged. */
  s?: number | undefined;
}

/**
 * Where queued events live. Every implementation (IndexedDB, localStorage, memory) resolves or
 * rejects, never throws synchronously, and `all()` returns records in no particular order.
 */
export interface QueueStore {
  /** Writes (or rewrites) records, all in one transaction where the storage has them. */
  put(events: QueuedEvent[]): Promise<unknown>;
  /**
   * Every record; or, given `keys`, each key's record, `undefined` where it is gone: a few reads
   * instead of the whole queue where that saves much (IndexedDB; localStorage and memory, small
   * or a fallback, may answer with every record they hold).
   */
  all(keys?: string[]): Promise<(QueuedEvent | undefined)[]>;
  del(keys: string[]): Promise<unknown>;
  clear(): Promise<unknown>;
}

/** The queue the dispatcher drains: the tiers of create-queue-store.ts behind one store. */
export interface DurableQueue extends QueueStore {
  /** Every record; given `keys`, at least those of them still stored (a kept copy winning), and none gone. */
  all(keys?: string[]): Promise<QueuedEvent[]>;
  /**
   * Writes records before it returns, where a storage can (localStorage): for a page being
   * left, whose IndexedDB transactions may be aborted with the document.
   */
  keep(events: QueuedEvent[]): void;
}
