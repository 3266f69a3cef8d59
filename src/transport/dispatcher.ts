import { withDeadline } from '../lib/deadline';
import type { Report } from '../lib/report';
import type { TabLock } from '../lib/tab-lock';
import type { Settings } from '../options';
import { overBounds } from '../queue/bounds';
import type { DurableQueue, QueuedEvent } from '../queue/queue-store';
import type { Payload } from '../types';
import { DONE, outcomeOf, RETRY, retryDelay, SPLIT } from './backoff';
import { batchLength, stampJson } from './batch';
import { base64Utf8, canGzip, formBody } from './encode';
import type { Sender, SendResult } from './sender';
import { reportRejected } from './report-rejected';
import { createRequest, type WireRequest } from './wire-request';

export interface DispatcherParts {
  sender: Sender;
  store: DurableQueue;
  lock: TabLock;
  /** This tab's ID (tab-id.ts). */
  tab: string;
  report: Report;
}

export interface Dispatcher {
  /** Queues an event; `urgent` (identity events) sends without waiting for the interval. */
  enqueue(payload: Payload, urgent?: boolean): void;
  /** Sends what is queued; resolves when it is acknowledged or failed for now. Never rejects. */
  flush(): Promise<void>;
  /** The page may be going away: hand what is queued to the browser now, synchronously. */
  sendOnHide(): void;
  /** Forgets every queued event, of every tab (opt-out). */
  clear(): Promise<void>;
}

// Keepalive (and beacon) bodies in flight share a 64 KB quota (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch); stay under it.
const BEACON_LIMIT = 60_000;
// A request that never answers must not hold the cross-tab lock forever.
const SEND_TIMEOUT = 30_000;
// JSON characters of queued events kept in memory for the page-hide send: more than one such
// send can carry (base64 makes a body longer than its JSON).
const HOLD_LIMIT = BEACON_LIMIT;

/**
 * Durable delivery: every event is written to the queue store when tracked (the events of one
 * task in one write) and deleted only once the collector answered 2xx. Batches are bounded by
 * count and bytes; failures retry with backoff (network errors, 408, 429, 5xx), other 4xx are
 * dropped and reported, 413 splits the batch. One tab at a time drains the shared queue; while
 * an event is fresh only the tab that tracked it sends it, so tabs never send one twice, and
 * an event older than `resendAfter` is anyone's (its tab was closed or cannot deliver).
 * One file, longer than most: the drain, the retries and the page-hide send share this page's
 * view of the queue (`held`, `sent`, `gone`) and one timer, and must not be able to disagree.
 *
 * @example
 * const dispatcher = createDispatcher(settings, { sender, store, lock, tab, report });
 * dispatcher.enqueue(payload);
 */
export function createDispatcher(settings: Settings, parts: DispatcherParts): Dispatcher {
  const { sender, store, report, tab } = parts;
  const now = Date.now;
  const url = settings.serverUrl;
  const request = createRequest(settings);
  const perRequest = settings.batchSend && settings.sendType !== 'image' ? settings.batchSize : 1;
  // batchBytes bounds a request's body. A plain body is its JSON in base64, form-encoded: at
  // most 1.5 times as long. A gzipped one is unknown until made, but events compress 10-20x
  // (the presets repeat), so batches are chosen for 8x, and one that still comes out too big
  // is split (see sendBatch).
  const jsonLimit = (bodyBytes: number, gzipped?: boolean) => bodyBytes * (gzipped ? 8 : 2 / 3);
  const zips = canGzip(settings.gzip);
  // What the page-hide send, which cannot wait for the store, may take: the events in flight
  // from this page, and this tab's oldest other queued events, as many as one such send can
  // carry. Only those: a page that queues 10,000 events offline keeps 60 KB of them, not 2 MB.
  const held = new Map<string, QueuedEvent>();
  // Records acknowledged or dropped: a drain's list, read before, must not send them again.
  const gone = new WeakSet<QueuedEvent>();
  // Events this page is sending and has not heard back about, each with the batch that carries
  // it; `onWire` holds the batches handed to the network (before that, gzip is under way).
  const sent = new Map<string, QueuedEvent[]>();
  const onWire = new WeakSet<QueuedEvent[]>();
  let pending: Payload[] = [];
  let writing: Promise<unknown> = Promise.resolve();
  let chain: Promise<void> = Promise.resolve();
  let next: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = 0;
  let holdUntil = 0;
  // Failed attempts in a row: 0 while the collector answers.
  let attempt = 0;
  // Until when the collector's last Retry-After asked for quiet: the `online` event, which
  // ends the backoff, does not end that.
  let quietUntil = 0;
  let seq = 0;
  let epoch = 0;
  // Bytes of page-hide bodies in flight: the quota is shared by the two calls of one leaving
  // (visibilitychange, then pagehide), and a body beyond it fails at once.
  let hiding = 0;
  let fresh = 0;
  // The queue's records and JSON characters when this page last read it, plus what it wrote
  // since: offline, a drain reads the queue only when that may be over its count or size
  // bound. A read costs the main thread (2,000 queued events: ~5 ms, 10,000: 8-23 ms in
  // Chromium) and holds them all in memory meanwhile, and a page tracking offline drains
  // often. Age is checked by the read that comes before any send; what other tabs wrote
  // offline is not counted here, but by each of them, for its own writes.
  let count = Infinity;
  let chars = 0;
  // From pagehide to pageshow: the page is being left (or sits in the back/forward cache).
  let leaving = false;

  // When an event may be sent: never while this page has it in flight (that attempt settles,
  // at the latest after SEND_TIMEOUT, however slow the collector); else at once if this tab
  // queued it, or once `resendAfter` passed; and again `resendAfter` after a page being
  // hidden handed it over unanswered.
  const readyAt = (e: QueuedEvent) => (sent.has(e.k) ? Infinity : Math.max(e.o === tab ? 0 : e.t, e.s || 0) + settings.resendAfter);
  const byAge = (a: QueuedEvent, b: QueuedEvent) => a.t - b.t || a.n - b.n;
  // Handed over as the page may be going: marked, and stored before the page can go (its
  // IndexedDB writes may be aborted with it), so that the next page waits `resendAfter`
  // before it sends them again. Marks only save a duplicate send: while the collector is
  // failing (the last attempt failed) such a send most likely fails as well, and the next page
  // had better send at once than wait for it.
  const mark = (batch: QueuedEvent[], t: number) => {
    if (attempt) return;
    for (const e of batch) e.s = t;
    store.keep(batch);
  };
  const dropped = (count: number) => report('events_dropped', count + ' oldest events dropped: the queue is over its bounds');
  const forget = (batch: QueuedEvent[]) => {
    for (const e of batch) held.delete(e.k), sent.delete(e.k), gone.add(e);
    return store.del(batch.map((e) => e.k));
  };
  // Refills `held` from what it has and `events` (sorted by age), oldest first. A drain's
  // records replace this page's own copies of them, so that the drain and the page-hide send
  // share objects (`gone`). Only the front of `events` can enter: past the point where this
  // tab's events not held yet fill the room, all are newer (a batch in flight is at the
  // front). So a drain of 10,000 events sorts ~150 records per batch, not 10,000:
  // 0.1-0.2 ms a batch instead of 0.4-0.6 (worst 4-7 ms), Node, 800-character events.
  const hold = (events: QueuedEvent[]) => {
    let room = HOLD_LIMIT;
    const pool = [...held.values(), ...events]
      .filter((e) => room >= 0 && (e.o === tab || sent.has(e.k)) && !gone.has(e) && (held.has(e.k) || sent.has(e.k) || (room -= e.b.length), true))
      .sort(byAge);
    room = HOLD_LIMIT;
    held.clear();
    for (const e of pool) if (held.has(e.k) || sent.has(e.k) || (room -= e.b.length) >= 0) held.set(e.k, e);
  };

  function schedule(delay: number): void {
    const at = Math.max(now() + delay, holdUntil);
    if (due && due <= at) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      due = 0;
      void flush();
    }, at - now());
  }

  // The events of one task become records and go to the store in one write.
  function write(): QueuedEvent[] {
    const batch = pending.map((p): QueuedEvent => ({ k: '' + p._track_id, b: JSON.stringify(p), t: p.time, n: seq++, o: tab }));
    pending = [];
    // A burst beyond maxQueueSize (a loop of track() calls) would only be stored to be cut by
    // the next drain: its oldest are cut before they cost a write and a delete.
    const cut = overBounds(batch, settings, now());
    if (cut) dropped(batch.splice(0, cut).length);
    if (!batch.length) return batch;
    // The newest events: added while there is room, without the sort of hold(), which would
    // cost every task that tracks ~8 µs once `held` is full (an outage, offline).
    let room = HOLD_LIMIT;
    for (const e of held.values()) if (!sent.has(e.k)) room -= e.b.length;
    for (const e of batch) {
      chars += e.b.length;
      if ((room -= e.b.length) >= 0) held.set(e.k, e);
    }
    count += batch.length;
    const written = store.put(batch);
    writing = writing.then(() => written);
    return batch;
  }

  // One drain at a time in this tab (a flush while one waits joins it), one across tabs (lock).
  function flush(): Promise<void> {
    const failed = (error: unknown) => report('send_failed', 'delivery failed: ' + error);
    return (next ||= chain = chain.then(() => ((next = undefined), parts.lock(() => drain().catch(failed)))).catch(failed));
  }

  async function drain(): Promise<void> {
    fresh = 0;
    await writing;
    const t = now();
    const within = count <= settings.maxQueueSize && chars <= settings.maxQueueBytes;
    if (within) {
      if (!navigator.onLine) return;
      // The collector failed and the retry is not due yet.
      if (t < holdUntil) return schedule(0);
    }
    // A retry while the collector fails reads back only the events this page holds (the
    // oldest of its own, ~60 KB), not the whole queue (10,000 queued events: 8-23 ms of main
    // thread and their JSON in memory, every 1-2 s of an outage): the ones still queued, as
    // another tab may have sent some once they were `resendAfter` old. Once that went well (or
    // there was nothing to resend), a whole read follows, for the rest of the queue.
    const retry = attempt && within;
    const mine = epoch;
    const before = [...held.keys()];
    const all = (await store.all(retry ? before : undefined)).sort(byAge);
    const present = new Set(all.map((e) => e.k));
    for (const k of before) if (!present.has(k)) held.delete(k); // acknowledged by another tab
    const cut = overBounds(all, settings, t);
    if (cut) {
      dropped(cut);
      await forget(all.splice(0, cut));
    }
    if (!retry) {
      count = all.length;
      chars = all.reduce((sum, e) => sum + e.b.length, 0);
    }
    let wake = Infinity;
    const ready = all.filter((e) => readyAt(e) <= t || ((wake = Math.min(wake, readyAt(e))), false));
    if (wake < Infinity) schedule(wake - t);
    hold(all);
    // Offline: wait for the `online` event rather than fail and back off.
    if (!navigator.onLine) return;
    if (t < holdUntil) return schedule(0);
    // Re-checked per batch: a page-hide send may have taken some meanwhile (in flight, then
    // `gone`), and what was acknowledged or dropped is `gone`.
    for (let list = ready; mine === epoch && (list = list.filter((e) => !gone.has(e) && readyAt(e) <= now())).length; ) {
      const sending = sendBatch(list.slice(0, batchLength(list, perRequest, jsonLimit(settings.batchBytes, zips))));
      // That batch is in flight now: the page-hide send would take the events after it.
      hold(list);
      if (!(await sending)) return;
    }
    if (retry) (count = Infinity), schedule(0);
  }

  // Sends one batch (a prepared body on page hide) and settles it; false when it must wait.
  async function sendBatch(batch: QueuedEvent[], body?: string): Promise<boolean> {
    const t = now();
    const mine = epoch;
    const own = () => batch.filter((e) => sent.get(e.k) === batch);
    for (const e of batch) sent.set(e.k, batch);
    const [target, data]: WireRequest = body ? [url, body] : await request(batch, t);
    // The page-hide send took some of them while this request was being prepared: it carries
    // them now, and the drain goes on with what is left.
    const whole = own().length === batch.length;
    if (!whole || (data && data.length > settings.batchBytes && batch.length > 1)) {
      for (const e of own()) sent.delete(e.k);
      return whole ? split(batch) : true;
    }
    onWire.add(batch);
    // A drain's batch put on the wire after pagehide is like the page-hide send's own.
    if (leaving && !body) mark(batch, t);
    // The senders catch their own failures: only the deadline rejects, and counts as no answer.
    const result = await withDeadline(sender.send(target, data), SEND_TIMEOUT).catch((): SendResult => ({ ok: false, status: 0 }));
    // Chromium rejects the fetches in flight as the page unloads, keepalive ones too, which go
    // on and usually arrive; and it does so before our pagehide listener runs. So a send that
    // got no answer is judged a task later, when it is known whether the page is being left.
    if (!result.status) await new Promise((resolve) => setTimeout(resolve));
    for (const e of own()) sent.delete(e.k);
    // No answer while leaving: the collector may well have them. They stay queued, marked by
    // sendOnHide, and the next page sends them again after `resendAfter` (the collector drops
    // a copy); this page never does.
    if (leaving && !result.status) return false;
    const outcome = outcomeOf(result, batch.length);
    if (outcome === DONE) {
      attempt = 0;
      reportRejected(batch, result, report);
    } else if (outcome === SPLIT) return split(batch);
    else if (outcome === RETRY) {
      // Known to have failed: no reason to wait before another page or tab may send it.
      // (Unless cleared meanwhile: then nothing is written back.)
      if (mine === epoch && batch.some((e) => e.s)) {
        for (const e of batch) e.s = 0;
        store.keep(batch);
      }
      quietUntil = now() + (result.retryAfter || 0) * 1000;
      holdUntil = now() + retryDelay(attempt++, settings.retryDelay, settings.maxRetryDelay, result.retryAfter);
      schedule(0);
      return false;
    } else report('events_dropped', batch.length + ' events dropped: the collector answered ' + result.status);
    await forget(batch);
    return true;
  }

  // In halves: a batch the collector found too large (413), or whose body came out too big.
  async function split(batch: QueuedEvent[]): Promise<boolean> {
    const half = Math.ceil(batch.length / 2);
    return (await sendBatch(batch.slice(0, half))) && sendBatch(batch.slice(half));
  }

  addEventListener('pagehide', () => (leaving = true));
  addEventListener('pageshow', () => (leaving = false));
  addEventListener('online', () => {
    holdUntil = quietUntil;
    attempt = 0;
    void flush();
  });
  // At load, what earlier pages left.
  schedule(0);

  return {
    enqueue(payload, urgent) {
      if (!pending.length) queueMicrotask(write);
      pending.push(payload);
      if (urgent || perRequest < 2 || ++fresh >= settings.batchSize) void flush();
      else schedule(settings.flushInterval);
    },
    flush,
    sendOnHide() {
      // Events of this very task (a page leave queued by the same pagehide) are still waiting
      // for their microtask write: write them now, so they are known and go out with the rest.
      // The page may be gone before that IndexedDB write lands, so they are kept below as well.
      const written = write();
      // Offline, a send would fail and only delay the resend; the queue keeps the events.
      if (!navigator.onLine) return store.keep(written);
      const t = now();
      const all = [...held.values()];
      const onTheWire = (e: QueuedEvent) => onWire.has(sent.get(e.k)!);
      // This tab's ready ones, and those a drain is still gzipping (it may never get to send
      // them now). Not another tab's, even when `resendAfter` made them anyone's: this send
      // takes no cross-tab lock, so that tab (or one that took them over) may be sending them
      // right now; a drain, under the lock, sends them instead.
      const ready = all.filter((e) => (e.o === tab && readyAt(e) <= t) || (sent.has(e.k) && !onTheWire(e))).sort(byAge);
      // On the wire: their answer may never reach this page now.
      const marked = all.filter(onTheWire);
      // fetch with keepalive (the fetch sender sets it for bodies this small) outlives the page
      // like sendBeacon, which Chromium builds on it, and unlike sendBeacon it brings the answer
      // back when the page lives on (a tab switch), so those events are not sent twice. Where
      // the answer never comes, the events stay queued, marked, and are resent later.
      for (let budget = BEACON_LIMIT - hiding; ready.length; ) {
        const batch = ready.splice(0, batchLength(ready, settings.batchSize, jsonLimit(Math.min(settings.batchBytes, budget))));
        const body = formBody(base64Utf8(stampJson(batch, t)), 0);
        if ((budget -= body.length) < 0) break;
        marked.push(...batch);
        hiding += body.length;
        void sendBatch(batch, body).finally(() => (hiding -= body.length));
      }
      // The marks are remembered across pages and tabs; this task's events that are not marked
      // (over the budget, or no marks while the collector fails) are kept too.
      mark(marked, t);
      store.keep(written.filter((e) => !e.s));
    },
    async clear() {
      pending = [];
      held.clear();
      sent.clear();
      epoch++;
      await writing;
      await store.clear();
    },
  };
}
