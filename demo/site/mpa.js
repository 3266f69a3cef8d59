import { mountControls } from './controls.js';

// The multi-page site's script: tracklet came from the <script src="/dist/tracklet.min.js">
// tag as window.tracklet. Autotrack sends a $pageview per page load and $WebClick for links
// and buttons; elements with data-track send
// their event when clicked; a form with data-login logs in.

const config = window.TRACKLET_DEMO;
const tracklet = window.tracklet;
document.getElementById('nav-viewer').href = config.collectorUrl + '/';
const { log, refresh } = mountControls(document.getElementById('controls'), tracklet, config);

tracklet.init({ serverUrl: config.ingestUrl, flushInterval: 500, autotrack: { click: true }, onError: (error) => log(error.code + ': ' + error.message, 'error') });
refresh();

document.addEventListener('click', (event) => {
  const target = event.target.closest('[data-track]');
  if (!target) return;
  const properties = JSON.parse(target.dataset.props || '{}');
  tracklet.track(target.dataset.track, properties);
  log('track(' + JSON.stringify(target.dataset.track) + ', ' + JSON.stringify(properties) + ')');
});

for (const form of document.querySelectorAll('form[data-login]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const loginId = new FormData(form).get('loginId');
    tracklet.login(String(loginId));
    log('login(' + JSON.stringify(loginId) + ')');
    refresh();
  });
}
