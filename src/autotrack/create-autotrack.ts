import type { Report } from '../lib/report';
import { whenActivated } from '../lib/when-activated';
import { landingTouch } from './attribution';
import { clickProperties, onClick } from './clicks';
import type { AutotrackHost, AutotrackSettings } from './host';
import { onRouteChange } from './on-route-change';
import { createPageLeaveClock } from './page-leave';
import { campaignOf, trafficSource } from './traffic-source';

export interface AutotrackContext {
  /** The site's registrable domain: referrers from it are internal. */
  siteDomain: string;
  /** True on a new browser's first visit: send the first-touch profile. */
  firstVisit: boolean;
  now(): number;
  report: Report;
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
 * @example
 * const autotrack = createAutotrack({ pageview: true, pageLeave: true, click: false }, host, context);
 * onPageHidden((event) => { autotrack.onHide(event); dispatcher.sendOnHide(); });
 */
export function createAutotrack(settings: AutotrackSettings, host: AutotrackHost, context: AutotrackContext): { onHide(event: Event): void } {
  const { now, report } = context;
  const clock = settings.pageLeave ? createPageLeaveClock(now) : undefined;
  // The live page view: what its leave event repeats (the URL may already be the next one).
  let view: Record<string, unknown> | undefined;
  let referrer = document.referrer;

  const safe = (body: () => void) => () => {
    try {
      body();
    } catch (error) {
      report('internal_error', 'autotrack failed: ' + String(error));
    }
  };
  const start = safe(() => {
    view = { $url: location.href, $url_path: location.pathname, $title: document.title, $referrer: referrer, $referrer_host: trafficSource(referrer, '').host };
    if (settings.pageview) host.track('$pageview', { ...view, ...campaignOf(location.search) });
    if (clock) clock.start();
  });
  const end = safe(() => {
    if (view && clock) host.track('$WebPageLeave', { ...view, ...clock.end() });
    view = undefined;
  });
  // The route as far as pageviews care: the path, and the hash in hash-routing mode. A change
  // of the query string alone (filters, paging, a router's replaceState of state) is not a
  // new page, as in PostHog.
  const route = (url: { pathname: string; hash: string }) => url.pathname + (settings.pageview === 'hash' ? url.hash : '');
  // Runs in the next task, so the title is the one the router has set by then; one
  // navigation's several signals (pushState + replaceState + currententrychange) are counted
  // once because only the first check finds the route changed.
  const check = () => {
    if (view && route(new URL(view.$url as string)) !== route(location)) {
      referrer = view.$url as string;
      end();
      start();
    }
  };

  whenActivated(safe(() => {
    const touch = landingTouch(referrer, location, context.siteDomain, now());
    if (touch.latest) host.setLatest(touch.latest);
    if (!settings.pageview && !clock) return;
    start();
    if (settings.pageview && context.firstVisit) host.setOnceProfile(touch.first);
    onRouteChange(() => setTimeout(check));
    addEventListener('pageshow', (event) => event.persisted && start());
  }));
  if (settings.click) onClick((element) => safe(() => host.track('$WebClick', clickProperties(element)))());

  return { onHide: (event) => event.type === 'pagehide' && end() };
}
