import type { Settings } from '../options';
import { stampJson } from './batch';
import { base64Utf8, encodeBody } from './encode';

/** A batch as the wire sees it: the stored JSON of each event. */
type Batch = { b: string }[];

/** What a sender is handed: the URL, and the body of a POST (none for a GET). */
export type WireRequest = [url: string, body?: string];

// A GET longer than this goes as a POST: proxies and servers commonly cap a request line near 8 KB, IE at 2,083.
const URL_LIMIT = 2000;

/**
 * Prepares a batch for the wire in the configured form: a POST of `data_list` (gzipped where
 * possible, which is why this is async), or for the `image` send type a GET
 * `?data=<base64 of the one event's JSON>`, a POST when that URL would be too long.
 * `_flush_time` is the moment of this attempt.
 *
 * @example const [url, body] = await createRequest(settings)(batch, Date.now()); await sender.send(url, body);
 */
export function createRequest(settings: Settings): (batch: Batch, flushTime: number) => Promise<WireRequest> {
  const url = settings.serverUrl;
  return async (batch, flushTime) => {
    const json = stampJson(batch, flushTime);
    if (settings.sendType === 'image') {
      const get = url + (url.includes('?') ? '&' : '?') + 'data=' + encodeURIComponent(base64Utf8(json.slice(1, -1)));
      if (get.length <= URL_LIMIT) return [get];
    }
    return [url, await encodeBody(json, settings.gzip)];
  };
}
