import tracklet from '/dist/index.mjs';
import { mountControls } from './controls.js';
import { el } from './dom.js';

// The single-page app: tracklet imported from the ESM build and a tiny router on the History
// API. tracklet's autotrack sends a $pageview per route change (and a $WebPageLeave for the
// route left) by itself: the router does not call it.

const config = window.TRACKLET_DEMO;
const view = document.getElementById('view');
const { log, refresh } = mountControls(document.getElementById('controls'), tracklet, config);

const ROUTES = {
  '/app': ['Dashboard', () => [el('p', {}, 'Your week at a glance. Every route change here is a $pageview without a page load.')]],
  '/app/reports': [
    'Reports',
    () => [el('p', {}, 'Export a report to send an event with properties.'), el('button', { type: 'button', 'data-track': 'exportReport', 'data-props': '{"format":"csv"}' }, 'Export CSV')],
  ],
  '/app/settings': [
    'Settings',
    () => [el('p', {}, 'Sign in to link this browser to an account ($SignUp).'), el('form', { 'data-login': '' }, el('input', { name: 'loginId', value: 'spa_user_7', 'aria-label': 'login ID' }), el('button', {}, 'Sign in'))],
  ],
};

function render() {
  const [title, body] = ROUTES[location.pathname] ?? ['Not found', () => [el('p', {}, 'No route ' + location.pathname)]];
  document.title = title + ' · tracklet SPA demo';
  view.replaceChildren(el('h1', {}, title), ...body());
  for (const link of document.querySelectorAll('a[data-route]')) link.classList.toggle('active', link.getAttribute('href') === location.pathname);
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-route]');
  if (link && !event.metaKey && !event.ctrlKey) {
    event.preventDefault();
    if (link.getAttribute('href') !== location.pathname) {
      history.pushState(null, '', link.getAttribute('href'));
      render();
    }
    return;
  }
  const tracked = event.target.closest('[data-track]');
  if (tracked) {
    tracklet.track(tracked.dataset.track, JSON.parse(tracked.dataset.props || '{}'));
    log('track(' + JSON.stringify(tracked.dataset.track) + ')');
  }
});
document.addEventListener('submit', (event) => {
  if (!event.target.matches('form[data-login]')) return;
  event.preventDefault();
  const loginId = String(new FormData(event.target).get('loginId'));
  tracklet.login(loginId);
  log('login(' + JSON.stringify(loginId) + ')');
  refresh();
});
addEventListener('popstate', render);

// The first route is rendered before init(): the landing $pageview reads this route's title.
render();
tracklet.init({ serverUrl: config.ingestUrl, flushInterval: 500, onError: (error) => log(error.code + ': ' + error.message, 'error') });
refresh();
