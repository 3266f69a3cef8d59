/**
 * Runs `callback` now, or, while the page is being prerendered (speculation rules), once the
 * user actually navigates to it: a prerendered page may never be seen, so it must not count
 * as a pageview yet (https://developer.chrome.com/docs/web-platform/prerender-pages#impact-on-analytics).
 *
 * @example whenActivated(() => track('$pageview'));
 */
export function whenActivated(callback: () => void): void {
  if ((document as { prerendering?: boolean }).prerendering) {
    document.addEventListener('prerenderingchange', callback); // fires once: a page is activated once
  } else callback();
}
