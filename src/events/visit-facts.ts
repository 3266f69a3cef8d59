import { readJson, writeJson } from '../lib/web-storage';

/** What the presets need to know of earlier visits; kept in localStorage, not the cookie. */
export interface VisitFacts {
  /** Local date (YYYY-MM-DD) of the user's first visit. */
  firstDay: string;
}

interface Stored {
  d?: string;
}

/**
 * Reads the visit facts at page load, recording today as the first day on a first visit.
 * (The latest referrer that used to live here is now part of autotrack's attribution.)
 *
 * @example loadVisitFacts('tracklet_id_visit', new Date())
 */
export function loadVisitFacts(key: string, now: Date): VisitFacts {
  const stored = readJson<Stored>(key) ?? {};
  const facts: VisitFacts = { firstDay: stored.d ?? localDay(now) };
  if (facts.firstDay !== stored.d) writeJson(key, { d: facts.firstDay });
  return facts;
}

/** The local calendar day of `date`, as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (n: number) => (n < 10 ? '0' : '') + n;
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
}
