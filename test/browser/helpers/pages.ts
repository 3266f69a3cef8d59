/**
 * A page that loads the built script-tag bundle and initializes the default instance.
 * `options` is merged into the init options (serverUrl points at the test server).
 * Automatic pageviews and page leaves are off unless `options.autotrack` turns them on, so
 * tests that count events see only the ones they make.
 */
export function sdkPage(collectUrl: string, options: Record<string, unknown> = {}, extraScript = ''): string {
  const init = JSON.stringify({ serverUrl: collectUrl, flushInterval: 50, autotrack: { pageview: false, pageLeave: false }, ...options });
  return `<!doctype html><html><head><title>tracklet test page</title></head><body>
<script src="/dist/tracklet.min.js"></script>
<script>
window.__errors = [];
addEventListener('error', (e) => window.__errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
tracklet.init(Object.assign(${init}, { onError: (e) => window.__errors.push('onError:' + e.code + ':' + e.message) }));
${extraScript}
</script></body></html>`;
}
