/**
 * A page that loads the built script-tag bundle and initializes the default instance.
 * `options` is merged into the init options (serverUrl points at the test server).
 */
export function sdkPage(collectUrl: string, options: Record<string, unknown> = {}, extraScript = ''): string {
  const init = JSON.stringify({ serverUrl: collectUrl, flushInterval: 50, ...options });
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
