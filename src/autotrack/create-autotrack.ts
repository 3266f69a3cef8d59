import type { CleanUrl } from '../events/clean-url';
import type { Report } from '../lib/report';
import type { SafeRead } from '../lib/safe-read';
import { whenActivated } from '../lib/when-activated';
import { landingTouch } from './attribution';
import { clickProperties, onClick } from './clicks';
import type { AutotrackHost, AutotrackSettings } from './host';
import { onRouteChange } from './on-route-change';
import { createPageLeaveClock } from './page-leave';
import { createRouteSettle } from './route-settle';
import { campaignOf, trafficSource } from './traffic-source';

export interface AutotrackContext {
  /** The site's registrable domain: referrers from it are internal. */
  siteDomain: string;
  /** True on a new browser's first visit: send the first-touch profile. */
  firstVisit: boolean;
  now(): number;
  report: Report;
  /** Reads page facts that a hostile page may make throw. */
  read: SafeRead;
  /** Every URL autotrack sends goes through it (secret parameters, the site's hook). */
  cleanUrl: CleanUrl;
}

/**
 * Starts attribution and the automatic events `settings` asks for, once the page is no longer
 * prerendering. A page view starts at load, at each route change of a single-page app (its
 * `$referrer` is the previous route's URL) and at a back/forward-cache restore; it ends, with
 * one `$WebPageLeave`, at the next route change or at `pagehide` (never at a mere tab switch:
 * hide/show only pause its clock, so a view has one leave, never one per tab switch). The
 * price: a mobile browser that discards a hidden tab fires no `pagehide`, and that view's
 * leave is lost. Core calls `onHide` from its own hide handler, before it hands the queue to
 * sendBeacon, so the leave event goes out with it.
 *
 * The landing and every route change first settle (see route-settle.ts): the pageview is built
 * for the final URL of a quick chain of changes, with the title set by then, and stamped with
 * the time the chain began; a route redirected away from gets no pageview and no leave. A page
 * hidden or left before its route settled settles at once, so no pageview is lost.
 *
 * @example
 * const autotrack = createAutotrack({ pageview: true, pageLeave: true, click: false }, host, context);
 * onPageHidden((event) => { autotrack.onHide(event); dispatcher.sendOnHide(); });
 */
export function createAutotrack(settings: AutotrackSettings, host: AutotrackHost, context: AutotrackContext): { onHide(event: Event): void } {
  const { now, report, read, cleanUrl } = context;
  const clock = settings.pageLeave ? createPageLeaveClock(now) : undefined;
  // The live page view: what its leave event repeats (the URL may already be the next one).
  let view: Record<string, unknown> | undefined;
  // The live view's route (of the page's URL as it was, before cleaning).
  let viewRoute: string | undefined;
  let referrer = cleanUrl(read('document.referrer', () => document.referrer, ''));
  const title = () => read('document.title', () => document.title, '');

  const safe = (body: (at?: number) => void) => (at?: number) => {
    try {
      body(at);
    } catch (error) {
      report('internal_error', 'autotrack failed: ' + String(error));
    }
  };
  // The route as far as pageviews care: the path, and in hash-routing mode the path part of
  // the hash ('#/a?q=1' is route '/a'; '', '#' and '#/' are all the root). A change of a
  // query string alone (filters, paging, a router's replaceState of state) is not a new
  // page, as in PostHog.
  const route = (url: { pathname: string; hash: string }) =>
    url.pathname + (settings.pageview === 'hash' ? '#' + url.hash.replace(/^#\/?/, '').split('?')[0] : '');
  const start = safe((at) => {
    const url = cleanUrl(location.href);
    let path = '';
    try {
      path = new URL(url).pathname;
    } catch {
      // The site's sanitizeUrl hook made it something else than a URL.
    }
    view = { $url: url, $url_path: path, $title: title(), $referrer: referrer, $referrer_host: trafficSource(referrer, '').host };
    viewRoute = route(location);
    if (settings.pageview) host.track('$pageview', { ...view, ...campaignOf(location.search) }, at);
    if (clock) clock.start(at);
  });
  const end = safe((at) => {
    if (view && clock) host.track('$WebPageLeave', { ...view, ...clock.end(at) }, at);
    view = undefined;
  });
  const settle = createRouteSettle((since) => {
    if (view && viewRoute === route(location)) return; // the chain came back to the live route
    if (view) {
      referrer = view.$url as string;
      end(since);
    }
    start(since);
  }, now, title);

  whenActivated(safe(() => {
    const touch = landingTouch(referrer, location, context.siteDomain, now());
    if (touch.latest) host.setLatest(touch.latest);
    if (!settings.pageview && !clock) return;
    if (settings.pageview && context.firstVisit) host.setOnceProfile(touch.first);
    settle.signal(true);
    // One navigation's several signals (pushState + replaceState + currententrychange) only
    // restart the wait; the route is compared when it settles.
    onRouteChange(safe(() => settle.signal(!!view && route(location) !== viewRoute)));
    addEventListener('pageshow', (event) => event.persisted && start());
    // A person acting on the page (a press, a key) shows that its route was visited: settle it
    // now, so that moving on quickly does not fold it into the next route. Redirects and URL
    // normalisations happen without input between them, so they still count once.
    const settleNow = safe(() => settle.flush());
    for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => settleNow(), true);
  }));
  if (settings.click) onClick((element) => safe(() => host.track('$WebClick', clickProperties(element, cleanUrl)))(), read);

  return {
    onHide(event) {
      settle.flush();
      if (event.type === 'pagehide') end();
    },
  };
}
