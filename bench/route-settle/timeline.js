// Injected before any page script: records, in page time (ms), every History call, title
// write, popstate and Navigation API event, so a run shows how a router orders them.
(() => {
  const timeline = (window.__timeline = []);
  const log = (window.__log = (kind, detail = '') => timeline.push([performance.now(), kind, detail]));
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method];
    history[method] = function (...args) {
      const before = location.href;
      const result = original.apply(this, args);
      // 'changed' only when the URL is a different one (routers also replace state in place).
      log(method, location.href === before ? '(same URL)' : 'changed ' + location.href);
      return result;
    };
  }
  const title = Object.getOwnPropertyDescriptor(Document.prototype, 'title');
  Object.defineProperty(Document.prototype, 'title', { ...title, set(value) { log('title', value); title.set.call(this, value); } });
  document.addEventListener('DOMContentLoaded', () => log('DOMContentLoaded'));
  addEventListener('load', () => log('load'));
  addEventListener('popstate', () => log('popstate', location.href));
  addEventListener('hashchange', () => log('hashchange', location.href));
  addEventListener('click', (e) => log('click', e.target.id || ''), true);
  const nav = window.navigation;
  if (nav) for (const type of ['navigatesuccess', 'currententrychange']) nav.addEventListener(type, () => log(type, location.href));
})();
