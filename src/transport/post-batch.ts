import type { Settings } from '../options';
import { stampJson } from './batch';
import { base64Utf8, encodeBody } from './encode';
import type { Sender, SendResult } from './sender';

/** A batch as the wire sees it: the stored JSON of each event. */
type Batch = { b: string }[];

// A GET longer than this goes as a POST: proxies and servers commonly cap a request line near 8 KB, IE at 2,083.
const URL_LIMIT = 2000;

/**
 * Puts a batch on the wire in the configured form: a POST of `data_list` (gzipped where
 * possible), or for the `image` send type a GET `?data=<base64 of the one event's JSON>`,
 * a POST when that URL would be too long. `_flush_time` is the moment of this attempt.
 *
 * @example const post = createPost(settings, createFetchSender()); await post(batch, Date.now());
 */
export function createPost(settings: Settings, sender: Sender): (batch: Batch, flushTime: number) => Promise<SendResult> {
  const url = settings.serverUrl;
  return async (batch, flushTime) => {
    const json = stampJson(batch, flushTime);
    if (settings.sendType === 'image') {
      const get = url + (url.includes('?') ? '&' : '?') + 'data=' + encodeURIComponent(base64Utf8(json.slice(1, -1)));
      if (get.length <= URL_LIMIT) return sender.send(get);
    }
    return sender.send(url, await encodeBody(json, settings.gzip));
  };
}
