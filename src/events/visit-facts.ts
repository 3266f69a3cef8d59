import { readJson, writeJson } from '../lib/web-storage';

/** What the presets need to know of earlier visits; kept in localStorage, not the cookie. */
export interface VisitFacts {
  /** Local date (YYYY-MM-DD) of the user's first visit. */
  firstDay: string;
  /** The last referrer from outside the site ('' for a direct visit). */
  latestReferrer: string;
}

interface Stored {
  d?: string;
  r?: string;
}

/**
 * Reads and updates the visit facts at page load. A referrer from outside the site (or none,
 * a direct visit) becomes the latest referrer; a referrer from the site itself (another page,
 * another subdomain of `siteDomain`) keeps the previous one.
 *
 * @example loadVisitFacts('tracklet_id_visit', 'example.com', new Date())
 */
export function loadVisitFacts(key: string, siteDomain: string, now: Date): VisitFacts {
  const stored = readJson<Stored>(key) ?? {};
  const referrer = document.referrer;
  const facts: VisitFacts = {
    firstDay: stored.d ?? localDay(now),
    latestReferrer: isInternal(referrer, siteDomain) ? stored.r ?? '' : referrer,
  };
  if (facts.firstDay !== stored.d || facts.latestReferrer !== stored.r) {
    writeJson(key, { d: facts.firstDay, r: facts.latestReferrer });
  }
  return facts;
}

/** The local calendar day of `date`, as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (n: number) => (n < 10 ? '0' : '') + n;
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
}

function isInternal(referrer: string, siteDomain: string): boolean {
  if (!referrer) return false;
  try {
    const host = new URL(referrer).hostname;
    return host === location.hostname || (!!siteDomain && (host === siteDomain || host.endsWith('.' + siteDomain)));
  } catch {
    return false;
  }
}
