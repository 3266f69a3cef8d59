import type { SafeRead } from '../lib/safe-read';
import { VERSION } from '../version';
import type { CleanUrl } from './clean-url';
import { localDay, type VisitFacts } from './visit-facts';

/** How presets read the page: defensively, and with URLs cleaned of secrets. */
export interface PageAccess {
  read: SafeRead;
  cleanUrl: CleanUrl;
}

/**
 * The preset properties of a `track`-type event (shared/seeds/001): time zone, screen,
 * viewport, library, page URL, title and referrer, and whether today is the user's first day
 * (`$latest_referrer` and the other `$latest_*` come from autotrack's attribution). Read per
 * event because the viewport, URL and title change in single-page apps; none of these reads
 * forces a layout. The screen, title and referrer survive a throwing getter (0 or '' instead;
 * `location` and the viewport cannot be redefined by a page), and the URLs go through `cleanUrl`.
 *
 * @example pagePresets(facts, new Date(), { read, cleanUrl }).$screen_width // 1440
 */
export function pagePresets(facts: VisitFacts, now: Date, page: PageAccess): Record<string, unknown> {
  const { read, cleanUrl } = page;
  const size = read('screen', () => [screen.height, screen.width], [0, 0]);
  return {
    $timezone_offset: now.getTimezoneOffset(),
    $screen_height: size[0],
    $screen_width: size[1],
    $viewport_height: innerHeight,
    $viewport_width: innerWidth,
    $lib: 'js',
    $lib_version: VERSION,
    $url: cleanUrl(location.href),
    $title: read('document.title', () => document.title, ''),
    $referrer: cleanUrl(read('document.referrer', () => document.referrer, '')),
    $is_first_day: localDay(now) === facts.firstDay,
  };
}
