/** Where the collector is: a URL, a glob (`**` any characters, `*` any but `/`) or a RegExp. */
export type UrlMatcher = string | RegExp;

/**
 * A predicate for a request URL, as Playwright's `route()` reads a URL pattern (a relative
 * string is resolved against `baseURL`), with one convenience: the query string may be left
 * out, so that `'**\/sa'` also matches the `image` send type's `GET /sa?data=…`.
 *
 * @example urlMatcher('**\/sa')('https://collect.example.com/sa?data=eyJ9') // true
 */
export function urlMatcher(pattern: UrlMatcher, baseURL?: string): (url: string) => boolean {
  const test = typeof pattern === 'string' ? globTest(pattern, baseURL) : (url: string) => new RegExp(pattern.source, pattern.flags.replace('g', '')).test(url);
  return (url) => test(url) || test(url.split('?')[0]!);
}

function globTest(glob: string, baseURL: string | undefined): (url: string) => boolean {
  const absolute = baseURL && !glob.startsWith('*') && !/^[a-z][a-z\d+.-]*:/i.test(glob) ? new URL(glob, baseURL).href : glob;
  if (!absolute.includes('*')) return (url) => url === absolute;
  let source = '';
  for (let i = 0; i < absolute.length; i++) {
    const char = absolute[i]!;
    if (char === '*' && absolute[i + 1] === '*') {
      // `**/` also matches nothing at all, as in Playwright: `**/sa` matches `https://x/sa`.
      source += absolute[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += absolute[i + 2] === '/' ? 2 : 1;
    } else source += char === '*' ? '[^/]*' : char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  const regexp = new RegExp('^' + source + '$');
  return (url) => regexp.test(url);
}
