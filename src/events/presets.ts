import { VERSION } from '../version';
import { localDay, type VisitFacts } from './visit-facts';

/**
 * The preset properties of a `track`-type event (shared/seeds/001): time zone, screen,
 * viewport, library, page URL, title and referrer, and whether today is the user's first day
 * (`$latest_referrer` and the other `$latest_*` come from autotrack's attribution). Read per
 * event because the viewport, URL and title change in single-page apps; none of these reads
 * forces a layout.
 *
 * @example pagePresets(facts, new Date()).$screen_width // 1440
 */
export function pagePresets(facts: VisitFacts, now: Date): Record<string, unknown> {
  return {
    $timezone_offset: now.getTimezoneOffset(),
    $screen_height: screen.height,
    $screen_width: screen.width,
    $viewport_height: innerHeight,
    $viewport_width: innerWidth,
    $lib: 'js',
    $lib_version: VERSION,
    $url: location.href,
    $title: document.title,
    $referrer: document.referrer,
    $is_first_day: localDay(now) === facts.firstDay,
  };
}
