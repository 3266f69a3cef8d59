import Cookies from 'js-cookie';
import { cookieAttributes } from './cookie-store';

const PROBE = 'tracklet_probe';
const IP_OR_SINGLE_LABEL = /^(\d{1,3}(\.\d{1,3}){3}|[^.]*|.*:.*)$/;
const cache = new Map<string, string>();

/**
 * The registrable domain of `hostname` (`example.co.uk` for `a.b.example.co.uk`), found the way
 * browsers decide it: the shortest suffix on which a probe cookie can be set. Browsers refuse
 * cookies on public suffixes (https://publicsuffix.org), so no suffix list has to ship.
 * Returns '' (a host-only cookie) for IP addresses, `localhost` and where cookies are blocked.
 * Cached per host for the page's lifetime: the probe costs a few cookie writes once.
 *
 * @example registrableDomain('shop.example.com') // 'example.com'
 */
export function registrableDomain(hostname: string): string {
  let found = cache.get(hostname);
  if (found === undefined) {
    found = probe(hostname);
    cache.set(hostname, found);
  }
  return found;
}

function probe(hostname: string): string {
  if (IP_OR_SINGLE_LABEL.test(hostname)) return '';
  const labels = hostname.split('.');
  for (let i = labels.length - 2; i >= 0; i--) {
    const attributes = cookieAttributes(labels.slice(i).join('.'));
    try {
      Cookies.set(PROBE, '1', attributes);
      if (Cookies.get(PROBE) === '1') {
        Cookies.remove(PROBE, attributes);
        return attributes.domain;
      }
    } catch {
      return ''; // document.cookie throws in sandboxed frames: cookies are unusable anyway.
    }
  }
  return '';
}
