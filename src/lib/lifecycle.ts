/**
 * Calls `callback` when the page may be about to go away: `visibilitychange` to hidden (the
 * last event a mobile browser reliably fires) and `pagehide` (navigation, bfcache entry), with
 * the event, so a caller can tell a tab switch from leaving the page.
 * Never `unload` or `beforeunload`: they keep a page out of the back/forward cache
 * (https://web.dev/articles/bfcache#never-use-the-unload-event).
 *
 * @example onPageHidden(() => sendWithBeacon());
 */
export function onPageHidden(callback: (event: Event) => void): void {
  document.addEventListener('visibilitychange', (event) => {
    if (document.visibilityState === 'hidden') callback(event);
  });
  addEventListener('pagehide', callback);
}

/**
 * Calls `callback` when the page becomes visible again (tab switch back, bfcache restore).
 *
 * @example onPageVisible(() => identity.reload());
 */
export function onPageVisible(callback: () => void): void {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') callback();
  });
  addEventListener('pageshow', (event) => {
    if ((event as PageTransitionEvent).persisted) callback();
  });
}
