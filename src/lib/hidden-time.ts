/**
 * A clock of the time this page has spent hidden, in milliseconds since the call: timed events
 * count only the time the user could see the page (a background tab for an hour is not an
 * hour-long video view).
 *
 * @example const hiddenMs = createHiddenClock(Date.now); const before = hiddenMs();
 */
export function createHiddenClock(now: () => number): () => number {
  let total = 0;
  let since = document.visibilityState === 'hidden' ? now() : -1;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      if (since < 0) since = now();
    } else if (since >= 0) {
      total += now() - since;
      since = -1;
    }
  });
  return () => total + (since < 0 ? 0 : now() - since);
}
