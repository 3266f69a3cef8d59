import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Run } from './collector';
import type { SdkAdapter } from './sdks';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface Site {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Serves the bench page of `run` (its SDK, pointed at its endpoint); returns its URL. */
  pageFor(run: Run): string;
  /** A page without any SDK, to navigate to. */
  blankUrl: string;
  close(): Promise<void>;
}

/**
 * The "website" on 127.0.0.1: serves each SDK's script-tag file at `/sdk/<name>.js` and one
 * page per run. Nothing is cached, so every page load fetches and compiles the SDK afresh.
 *
 * @example const url = site.pageFor(run); await page.goto(url);
 */
export async function startSite(sdks: SdkAdapter[]): Promise<Site> {
  const pages = new Map<string, string>();
  const scripts = new Map(sdks.map((sdk) => ['/sdk/' + sdk.name + '.js', join(ROOT, sdk.scriptFile)]));
  pages.set('/blank.html', '<!doctype html><title>elsewhere</title><p>no SDK here</p>');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const noStore = { 'Cache-Control': 'no-store' };
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (pages.has(path)) return void res.writeHead(200, { ...noStore, 'Content-Type': 'text/html' }).end(pages.get(path));
    const file = scripts.get(path);
    if (!file) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, { ...noStore, 'Content-Type': 'text/javascript' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
  return {
    origin,
    blankUrl: origin + '/blank.html',
    pageFor(run) {
      const path = `/p/${run.sdk.name}/${run.id}.html`;
      pages.set(path, benchPage(run));
      return origin + path;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The page: `t0` just before the SDK's script tag, `t1` once its init returned, so `t1 - t0`
 * is fetch + compile + run + init. Long tasks are recorded from the start. `__bench.track` is
 * the SDK's track call; an init error is kept rather than thrown.
 */
function benchPage(run: Run): string {
  const settings = run.sdk.settings(run.endpoint);
  const json = JSON.stringify(settings);
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench ${run.sdk.name}</title>
<script>
window.__bench = { run: ${JSON.stringify(run.id)}, longTasks: [], errors: [] };
addEventListener('error', function (e) { __bench.errors.push(String(e.message)); });
try { new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) { __bench.longTasks.push([e.startTime, e.duration]); }); }).observe({ type: 'longtask', buffered: true }); } catch (e) {}
${run.sdk.beforeScript?.(settings) ?? ''}
__bench.t0 = performance.now();
</script>
<script src="/sdk/${run.sdk.name}.js"></script>
<script>
try { ${run.sdk.initScript(json)} } catch (e) { __bench.errors.push('init: ' + e); }
__bench.t1 = performance.now();
__bench.track = function (name, props) { ${run.sdk.trackCall}; };
</script></head><body><p>bench page for ${run.sdk.name}</p></body></html>`;
}
