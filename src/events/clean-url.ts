import { errorText, type Report } from '../lib/report';

/**
 * Query and fragment parameters that carry secrets, removed from every URL tracklet sends
 * (names compared case-insensitively): OAuth's `code`, `access_token`, `id_token` and
 * `refresh_token` (the implicit flow puts them in the fragment), any other `…_token`,
 * `…_secret`, `…_password`, and `token`, `jwt`, `otp`, `password`, `passwd`, `pwd`, `secret`,
 * `session`, `sessionid`, `sid`, `sig`, `signature`, `api_key`, `apikey`, `access_key`,
 * `private_key`, `x-amz-signature`, `x-amz-credential`, `x-amz-security-token`. The list is in
 * the README; a site adds its own rules with the `sanitizeUrl` option.
 */
const SECRET = /^(?:code|token|jwt|otp|passw(?:or)?d|pwd|secret|session(?:id)?|sid|sig(?:nature)?|api_?key|access_key|private_key|x-amz-(?:signature|credential|security-token)|[\w-]*_(?:token|secret|password))$/i;

const keep = (part: string) => {
  let key = part.split('=')[0]!;
  try {
    key = decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: match the name as written.
  }
  return !SECRET.test(key);
};
const strip = (query: string) => query.split('&').filter(keep).join('&');

/**
 * `url` without the secret-bearing parameters of its query and of a `key=value` fragment
 * (`#access_token=…`, or a hash route's `#/reset?token=…`); any other URL is returned as is.
 *
 * @example stripSecrets('https://a.test/cb?code=x&next=%2F#access_token=y&state=z') // 'https://a.test/cb?next=%2F#state=z'
 */
export function stripSecrets(url: string): string {
  const hashAt = url.indexOf('#');
  let rest = hashAt < 0 ? url : url.slice(0, hashAt);
  let hash = hashAt < 0 ? '' : url.slice(hashAt);
  const queryAt = rest.indexOf('?');
  if (queryAt >= 0) {
    const query = rest.slice(queryAt + 1);
    const kept = strip(query);
    if (kept !== query) rest = rest.slice(0, queryAt) + (kept ? '?' + kept : '');
  }
  if (hash.includes('=')) {
    const from = hash.includes('?') ? hash.indexOf('?') + 1 : 1;
    const kept = strip(hash.slice(from));
    if (kept !== hash.slice(from)) hash = (hash.slice(0, from) + kept).replace(/[?#]$/, '');
  }
  return rest + hash;
}

/** Turns a page URL into the one to send; see `createUrlCleaner`. */
export type CleanUrl = (url: string) => string;

/**
 * The cleaner every sent URL goes through: the default secret list, then the site's
 * `sanitizeUrl(url, original)` hook, whose answer is sent (`''` drops the URL). A hook that
 * throws or returns a non-string is reported, and the defaults' result is sent.
 *
 * @example createUrlCleaner((url) => url.replace(/\/reset\/[^/?#]+/, '/reset/:id'), report)('https://a.test/reset/abc')
 */
export function createUrlCleaner(hook: ((url: string, original: string) => string) | undefined, report: Report): CleanUrl {
  return (original) => {
    const url = stripSecrets(original);
    if (!hook || !original) return url;
    try {
      const answer = hook(url, original);
      if (typeof answer === 'string') return answer;
      report('invalid_option', 'sanitizeUrl returned no string');
    } catch (error) {
      report('internal_error', 'sanitizeUrl threw ' + errorText(error));
    }
    return url;
  };
}
