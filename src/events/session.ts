import { readJson, writeJson } from '../lib/web-storage';

/** How a session is kept in localStorage, shared by the site's tabs. */
interface Stored {
  /** Session ID. */
  i: string;
  /** Time of the session's last event, ms. */
  t: number;
}

export interface Session {
  /**
   * The session ID for an event at `time`. Starts a new session after `timeoutMs` without
   * events or at local midnight; `passive` events (a page leave) never start or extend one.
   */
  id(time: number, passive?: boolean): string;
  /** Writes the last activity now, e.g. when the page is hidden. */
  save(): void;
}


/**
 * Sessions shared by the tabs of a site, in localStorage under `key`. Memory answers every
 * event; storage is read only when memory says the session expired (another tab may have
 * kept it alive or started the next one) and written at most every 5 s (track() must stay
 * cheap), so the stored last activity lags the real one by under 5 s, nothing next to a
 * 30-minute timeout (a tiny test timeout writes more often: a tenth of it).
 *
 * @example
 * const session = createSession('tracklet_id_session', 30 * 60_000, newUuid);
 * properties.$session_id = session.id(Date.now());
 */
export function createSession(key: string, timeoutMs: number, newId: () => string): Session {
  let current: Stored | undefined;
  let written = 0;
  const writeEvery = Math.min(5000, timeoutMs / 10);
  // NaN from a malformed stored value compares false, so it reads as not fresh.
  const fresh = (s: Stored | undefined, time: number): s is Stored =>
    !!s && typeof s.i == 'string' && time - s.t <= timeoutMs && time < new Date(s.t).setHours(24, 0, 0, 0);
  const save = () => {
    if (current) writeJson(key, current);
    written = current ? current.t : 0;
  };
  return {
    id(time, passive) {
      let session = current;
      if (!fresh(session, time) && !(passive && session)) {
        const stored = readJson<Stored>(key);
        session = current = fresh(stored, time) ? stored : { i: newId(), t: time };
        written = 0;
      }
      if (!passive && time > session.t) session.t = time;
      if (session.t - written >= writeEvery) save();
      return session.i;
    },
    save,
  };
}
