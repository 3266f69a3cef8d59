export interface PageLeaveClock {
  /** A page view begins (at `at`, default now): reset visible time and scroll depth. */
  start(at?: number): void;
  /** The page view ends (at `at`, default now: a route left before it settled ended earlier): its `$WebPageLeave` measures. */
  end(at?: number): { event_duration: number; $viewport_position: number; $scroll_depth_percent: number };
}

/**
 * Measures a page view for `$WebPageLeave`: the seconds it was visible (time in a background
 * tab does not count; hide/show only pause the clock), `$viewport_position`, the deepest
 * scroll offset reached in px (the top of the viewport, as Sensors Analytics defines it), and
 * `$scroll_depth_percent`, how much of the page's height had been in view (0–100). Layout is
 * read only in the passive scroll listener, when it is fresh anyway, and once at the end (so
 * an unscrolled page counts what its first screen shows).
 *
 * @example
 * const clock = createPageLeaveClock(Date.now);
 * clock.start();
 * // later: track('$WebPageLeave', clock.end())
 */
export function createPageLeaveClock(now: () => number): PageLeaveClock {
  let visibleMs = 0;
  let visibleSince: number | undefined;
  let top = 0;
  let seen = 0;
  const visible = () => document.visibilityState === 'visible';
  const measure = () => {
    const { scrollHeight } = document.documentElement;
    top = Math.max(top, scrollY);
    seen = Math.max(seen, scrollHeight ? Math.min(1, (scrollY + innerHeight) / scrollHeight) : 0);
  };
  const pause = () => {
    if (visibleSince !== undefined) visibleMs += now() - visibleSince;
    visibleSince = visible() ? now() : undefined;
  };
  document.addEventListener('visibilitychange', pause);
  addEventListener('scroll', measure, { passive: true });
  return {
    start(at = now()) {
      visibleMs = top = seen = 0;
      visibleSince = visible() ? at : undefined;
    },
    end(at = now()) {
      if (visibleSince !== undefined) visibleMs += Math.max(0, at - visibleSince);
      visibleSince = undefined;
      measure();
      return { event_duration: visibleMs / 1000, $viewport_position: Math.round(top), $scroll_depth_percent: Math.round(seen * 100) };
    },
  };
}
