import { localDay } from '../events/visit-facts';
import { readJson } from '../lib/web-storage';
import { VERSION } from '../version';
import { sensorsSourceNames } from './sensors-shape';

/**
 * Sensors' `getPresetProperties()`: the page and device facts events carry, the latest-touch
 * attribution, `$is_first_day`, and `extra` (the caller adds the super properties, distinct ID
 * and identities, as Sensors does). Read when called; URLs as the page has them.
 *
 * @example presetProperties('tracklet_id', {}).$url_path // '/'
 */
export function presetProperties(cookieName: string, extra: Record<string, unknown>): Record<string, unknown> {
  const now = new Date();
  const read = <T>(body: () => T, fallback: T) => {
    try {
      return body();
    } catch {
      return fallback;
    }
  };
  const referrer = read(() => document.referrer, '');
  return {
    $timezone_offset: now.getTimezoneOffset(),
    $screen_height: read(() => screen.height, 0),
    $screen_width: read(() => screen.width, 0),
    $viewport_height: innerHeight,
    $viewport_width: innerWidth,
    $lib: 'js',
    $lib_version: VERSION,
    ...sensorsSourceNames(readJson<Record<string, unknown>>(cookieName + '_latest') ?? {}),
    $is_first_day: readJson<{ d?: string }>(cookieName + '_visit')?.d === localDay(now),
    $referrer: referrer,
    $referrer_host: read(() => (referrer ? new URL(referrer).hostname : ''), ''),
    $url: location.href,
    $url_path: location.pathname,
    $title: read(() => document.title, ''),
    ...extra,
  };
}
