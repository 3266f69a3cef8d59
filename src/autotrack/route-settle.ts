/** Quiet time after the last URL change or title write before a route may settle (ms). */
export const QUIET_MS = 300;
/** Longest wait for a route to settle, from its first change (ms). */
export const MAX_WAIT_MS = 3000;

export interface RouteSettle {
  /**
   * A navigation signal. Starts a wait when `changed` (the route differs from the live page
   * view's), and restarts the quiet time of a wait already running, whatever it says.
   */
  signal(changed: boolean): void;
  /** Settles a running wait now (the page is being hidden or left). */
  flush(): void;
}

/**
 * Waits for a route to settle before its pageview is built, so that one navigation's several
 * URL changes (a router's push then replace, a redirect made in an effect, a hash router's
 * URL normalisation) count once, for the final URL, with the title the app sets after render.
 * The rule (measurements on React Router 7 and Vue Router 4 in docs/spa-route-settle.md):
 * settled = `QUIET_MS` without a URL change or title write, then the main thread's next idle
 * period (`requestIdleCallback`: a router's render, effects and redirects run as a chain of
 * tasks, so idle means they are done), at most `MAX_WAIT_MS` after the first change.
 * `onSettle` gets the time of the first change: the page view began then.
 *
 * @example
 * const settle = createRouteSettle((since) => startPageView(since), Date.now, () => document.title);
 * onRouteChange(() => settle.signal(routeOf(location) !== liveRoute));
 */
export function createRouteSettle(onSettle: (since: number) => void, now: () => number, readTitle: () => string): RouteSettle {
  let since: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Each signal starts a new wait; an idle callback of an older one finds it outdated.
  let generation = 0;
  let title = '';
  const titles = typeof MutationObserver == 'function' ? new MutationObserver(() => {
    if (readTitle() !== title) {
      title = readTitle();
      wait();
    }
  }) : undefined;

  const settle = () => {
    if (since === undefined) return;
    const began = since;
    since = undefined;
    generation++;
    clearTimeout(timer);
    titles?.disconnect();
    onSettle(began);
  };
  const wait = () => {
    const mine = ++generation;
    const left = since! + MAX_WAIT_MS - now();
    clearTimeout(timer);
    if (left <= 0) return settle();
    timer = setTimeout(() => {
      const idle = (window as { requestIdleCallback?: (callback: () => void, options: { timeout: number }) => void }).requestIdleCallback;
      if (idle) idle(() => mine === generation && settle(), { timeout: Math.max(1, left - QUIET_MS) });
      else settle();
    }, Math.min(QUIET_MS, left));
  };

  return {
    signal(changed) {
      if (since === undefined) {
        if (!changed) return;
        since = now();
        title = readTitle();
        // The <title> element's text, wherever the app puts it (document.title's setter
        // replaces the element's text; a head manager may swap the element).
        titles?.observe(document.head || document.documentElement, { subtree: true, childList: true, characterData: true });
      }
      wait();
    },
    flush: settle,
  };
}
