interface NavigationLike {
  addEventListener(type: 'currententrychange', listener: () => void): void;
}

/**
 * Calls `callback` whenever a same-document navigation may have changed the URL: the
 * `history.pushState`/`replaceState` a router calls (patched: the History API fires no event
 * for them), `popstate` (back/forward, and fragment navigations:
 * https://html.spec.whatwg.org/multipage/browsing-the-web.html#scroll-to-fragid), and the
 * Navigation API's `currententrychange` where it exists, which also sees routers that
 * navigate through `navigation.navigate()`. One route change often fires several of these
 * (pushState and currententrychange, or a router's pushState then replaceState); the caller
 * dedupes on the resulting URL.
 *
 * @example onRouteChange(scheduleCheck);
 */
export function onRouteChange(callback: () => void): void {
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      callback();
      return result;
    };
  }
  addEventListener('popstate', callback);
  const navigation = (window as { navigation?: NavigationLike }).navigation;
  if (navigation) navigation.addEventListener('currententrychange', callback);
}
