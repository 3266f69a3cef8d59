import { newTrackId } from './ids';

/**
 * An ID for this tab, kept in `sessionStorage` so that a reload or a navigation in the same
 * tab keeps it: the next page then treats the previous page's unsent events as its own and
 * sends them at once, while other tabs leave them alone. Where `sessionStorage` throws
 * (sandboxed frames) every page is a tab of its own.
 *
 * @example tabId('tracklet_id') // '5170418962845171'
 */
export function tabId(name: string): string {
  const key = name + '_tab';
  const id = String(newTrackId());
  try {
    return sessionStorage.getItem(key) || (sessionStorage.setItem(key, id), id);
  } catch {
    return id;
  }
}
