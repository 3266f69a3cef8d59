/**
 * Where a visit came from: `paid` (campaign-tagged), `direct` (no referrer), `search engine`,
 * `social network` or `referral` — the order the checks run in, as in Sensors Analytics.
 */
export type TrafficSourceType = 'paid' | 'direct' | 'search engine' | 'social network' | 'referral';

export interface TrafficSource {
  type: TrafficSourceType;
  /** The referrer's host name, '' when there is none. */
  host: string;
  /** The search words a search engine's referrer carries, else ''. */
  keyword: string;
}

// Host names are matched on a site name followed by a short suffix (google.com, google.co.jp,
// baidu.com, so.com), so every national domain of a network is covered without listing it.
// Group 2 is social networks, group 3 search engines; social is tried first, so that
// tieba.baidu.com (a forum) is not Baidu search.
const SOURCES = /(^|\.)(?:(weixin\.qq|wechat|weibo|t|douyin|zhihu|xiaohongshu|douban|bilibili|tieba\.baidu|facebook|instagram|x|twitter|linkedin|reddit|youtube|tiktok|pinterest)|(google|bing|baidu|sogou|so|sm|yandex|duckduckgo|yahoo|naver))(\.[a-z]{2,3}){1,2}$/;
/** Query keys that carry the search words, most specific first (Yahoo's `p` last: others use it for paging). */
const KEYWORD_KEYS = ['q', 'wd', 'word', 'query', 'keyword', 'text', 'p'];
const CAMPAIGN_KEYS = ['source', 'medium', 'campaign', 'content', 'term'];

/**
 * Classifies a landing by its referrer and the page URL's query string.
 *
 * @example trafficSource('https://www.baidu.com/s?wd=tracklet', '') // { type: 'search engine', host: 'www.baidu.com', keyword: 'tracklet' }
 */
export function trafficSource(referrer: string, search: string): TrafficSource {
  let url: URL | undefined;
  try {
    url = new URL(referrer);
  } catch {
    // No referrer, or not a URL: a direct visit.
  }
  const host = url ? url.hostname : '';
  const match = SOURCES.exec(host) || [];
  const type: TrafficSourceType = /[?&](utm_\w+|gclid|msclkid)=[^&]/.test(search)
    ? 'paid'
    : !host ? 'direct' : match[2] ? 'social network' : match[3] ? 'search engine' : 'referral';
  const key = match[3] && KEYWORD_KEYS.find((k) => url!.searchParams.get(k));
  return { type, host, keyword: key ? url!.searchParams.get(key)! : '' };
}

/**
 * The campaign (UTM) parameters of a query string, as `$utm_source` … `$utm_term`; empty ones
 * are left out.
 *
 * @example campaignOf('?utm_source=newsletter&x=1') // { $utm_source: 'newsletter' }
 */
export function campaignOf(search: string): Record<string, string> {
  const params = new URLSearchParams(search);
  const campaign: Record<string, string> = {};
  for (const key of CAMPAIGN_KEYS) {
    const value = params.get('utm_' + key);
    if (value) campaign['$utm_' + key] = value;
  }
  return campaign;
}
