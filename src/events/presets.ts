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
 * forces a layout. Each read survives a throwing getter (0 or '' instead), and the URLs go
 * through `cleanUrl`.
 *
 * @example pagePresets(facts, new Date(), { read, cleanUrl }).$screen_width // 1440
 */
export function pagePresets(facts: VisitFacts, now: Date, page: PageAccess): Record<string, unknown> {
  const { read, cleanUrl } = page;
  return {
    $timezone_offset: now.getTimezoneOffset(),
    $screen_height: read('screen.height', () => screen.height, 0),
    $screen_width: read('screen.width', () => screen.width, 0),
    $viewport_height: read('innerHeight', () => innerHeight, 0),
    $viewport_width: read('innerWidth', () => innerWidth, 0),
    $lib: 'js',
    $lib_version: VERSION,
    $url: cleanUrl(read('location.href', () => location.href, '')),
    $title: read('document.title', () => document.title, ''),
    $referrer: cleanUrl(read('document.referrer', () => document.referrer, '')),
    $is_first_day: localDay(now) === facts.firstDay,
  };
}
