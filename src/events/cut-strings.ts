/**
 * Cuts every string value of `properties` to `maxLength` characters, in place, never leaving
 * half of a surrogate pair. For the values tracklet adds itself (presets, `$latest_*`,
 * `$utm_*`, autotrack's): a link with a 1.4 MB fragment in `$url` must not make every event
 * of its page too large for the collector.
 *
 * @example cutStrings({ $url: 'https://a.test/#' + 'x'.repeat(1e6) }, 255).$url.length // 255
 */
export function cutStrings<T extends Record<string, unknown>>(properties: T, maxLength: number): T {
  for (const key in properties) {
    const value = properties[key];
    if (typeof value === 'string' && value.length > maxLength) {
      (properties as Record<string, unknown>)[key] = value.slice(0, /[\ud800-\udbff]/.test(value[maxLength - 1]!) ? maxLength - 1 : maxLength);
    }
  }
  return properties;
}
