import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright';
import { decodeRequest } from '../../../demo/collector/decode';

/** The two script-tag files a Sensors site may load: the real SDK, and tracklet's facade. */
export const SDK_FILES = {
  real: 'node_modules/sa-sdk-javascript/sensorsdata.min.js',
  facade: 'dist/tracklet-sensors.min.js',
} as const;
export type Side = keyof typeof SDK_FILES;

/**
 * Sensors' async loader, as its docs show it (written here from what it does, not copied):
 * it puts the global's name in `sensorsDataAnalytic201505`, defines under that name a stub
 * whose methods queue `[method, arguments]` in `_q`, keeps the init options as `para`, and
 * adds the SDK's script tag (async). The SDK, once loaded, initializes with `para` and
 * replays `_q`.
 */
export function loaderSnippet(para: Record<string, unknown>): string {
  return `(function (para) {
  var name = para.name, w = window;
  if (typeof w.sensorsDataAnalytic201505 !== 'undefined') return;
  w.sensorsDataAnalytic201505 = name;
  w[name] = w[name] || function (method) { return function () { (w[name]._q = w[name]._q || []).push([method, arguments]); }; };
  var methods = ['track', 'quick', 'register', 'registerPage', 'registerOnce', 'trackSignup', 'trackAbtest', 'setProfile', 'setOnceProfile',
    'appendProfile', 'incrementProfile', 'deleteProfile', 'unsetProfile', 'identify', 'login', 'logout', 'trackLink', 'clearAllRegister', 'getAppStatus'];
  for (var i = 0; i < methods.length; i++) w[name][methods[i]] = w[name].call(null, methods[i]);
  var script = document.createElement('script');
  script.async = true;
  script.src = para.sdk_url;
  w[name].para = para;
  var first = document.getElementsByTagName('script')[0];
  first.parentNode.insertBefore(script, first);
})(${JSON.stringify(para)});`;
}

/**
 * The shop's pages on a loopback port of their own (a cross-origin site, as in real use):
 * `/shop.html` is a Sensors install as documented (loader snippet, `quick('autoTrack')`),
 * plus `extra` script. `/sdk.js` is served by the browser context's route (see `useSdk`), so
 * the same URL loads either SDK and the pages' `$url` are the same on both sides.
 */
export async function startShop(): Promise<{ url: string; close(): Promise<void>; page(path: string, html: string): void }> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get((req.url ?? '').split('?')[0]!);
    if (!html) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = 'http://127.0.0.1:' + (server.address() as { port: number }).port;
  return {
    url,
    page: (path, html) => pages.set(path, html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A documented install: loader snippet with `para`, then `after` (calls made before the SDK arrives). */
export function shopPage(para: Record<string, unknown>, after = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>shop</title><script>
window.__errors = [];
addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
${loaderSnippet({ sdk_url: '/sdk.js', name: 'sensors', ...para })}
sensors.quick('autoTrack');
${after}
</script></head><body><a id="link" href="#x">link</a></body></html>`;
}

/** Serves `/sdk.js` in `context` from `side`'s file, after `delayMs` (so that calls queue meanwhile). */
export async function useSdk(context: BrowserContext, side: Side, delayMs = 300): Promise<void> {
  const body = readFileSync(SDK_FILES[side], 'utf8');
  await context.unroute('**/sdk.js');
  await context.route('**/sdk.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await route.fulfill({ status: 200, contentType: 'text/javascript', body });
  });
}

/** One request to the collector, as the page sent it. */
export interface Sent {
  method: string;
  path: string;
  form: string;
  gzip: boolean;
  events: Record<string, unknown>[];
}

/** Records (and decodes with the collector's decoder) every request `page` sends to `collectorUrl`. */
export function recordRequests(page: Page, collectorUrl: string): Sent[] {
  const sent: Sent[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(collectorUrl)) return;
    const url = new URL(request.url());
    const body = request.postDataBuffer() ?? Buffer.alloc(0);
    try {
      const decoded = decodeRequest(request.method(), url.pathname + url.search, request.headers()['content-type'] ?? '', body);
      const gzip = url.searchParams.get('gzip') === '1' || new URLSearchParams(body.toString()).get('gzip') === '1';
      sent.push({ method: request.method(), path: url.pathname, form: decoded.form, gzip, events: decoded.events as Record<string, unknown>[] });
    } catch (error) {
      sent.push({ method: request.method(), path: url.pathname, form: 'undecodable: ' + String(error), gzip: false, events: [] });
    }
  });
  return sent;
}

/** Every event `sent` holds, de-duplicated on `_track_id` (a re-sent event counts once), in time order. */
export function eventsOf(sent: Sent[]): Record<string, unknown>[] {
  const seen = new Map<unknown, Record<string, unknown>>();
  for (const request of sent) for (const event of request.events) if (!seen.has(event._track_id)) seen.set(event._track_id, event);
  return [...seen.values()].sort((a, b) => (a.time as number) - (b.time as number));
}

/** Waits until `check` holds: every 100 ms, `timeoutMs` at most. */
export async function eventually(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; ) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting for ' + what);
}
