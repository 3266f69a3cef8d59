import { formatDate } from '../events/format-date';
import { campaignOf, trafficSource } from './traffic-source';

export interface Touch {
  /** `$latest_*` properties; undefined when the referrer is internal (attribution unchanged). */
  latest?: Record<string, unknown>;
  /** `$first_*` properties, for a `profile_set_once` on a new browser's first visit. */
  first: Record<string, unknown>;
}

/**
 * The attribution of this landing: traffic source type, referrer, search keyword and campaign
 * (UTM) parameters, prefixed `$latest_` and `$first_`. A referrer on the site itself (the page's
 * host or its registrable domain `siteDomain`) is a step inside a visit, not a new touch, so
 * it yields no `latest`, even with UTM parameters on the link.
 *
 * @example landingTouch(document.referrer, location, 'example.com', Date.now()).latest
 * // { $latest_traffic_source_type: 'direct', $latest_referrer: '', $latest_referrer_host: '' }
 */
export function landingTouch(referrer: string, page: { hostname: string; search: string }, siteDomain: string, time: number): Touch {
  const source = trafficSource(referrer, page.search);
  const { host } = source;
  const campaign = campaignOf(page.search);
  const props = (prefix: string) => {
    const touch: Record<string, unknown> = {
      [prefix + 'traffic_source_type']: source.type,
      [prefix + 'referrer']: referrer,
      [prefix + 'referrer_host']: host,
    };
    if (source.keyword) touch[prefix + 'search_keyword'] = source.keyword;
    for (const key in campaign) touch[prefix + key.slice(1)] = campaign[key];
    return touch;
  };
  const internal = host && (host === page.hostname || (siteDomain && ('.' + host).endsWith('.' + siteDomain)));
  const first = props('$first_');
  // The documented date format, as every other date property (this one skips the cleaning).
  first.$first_visit_time = formatDate(new Date(time));
  return internal ? { first } : { latest: props('$latest_'), first };
}
