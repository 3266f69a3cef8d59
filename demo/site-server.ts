import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { listen } from './collector/http-utils';
import { serveFile } from './collector/static-files';

export interface SiteOptions {
  /** The collector's base URL, e.g. `http://127.0.0.1:8106`; pages send to `<it>/sa`. */
  collectorUrl: string;
  /** Default 8107; 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface Site {
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_SITE_PORT = 8107;
const SITE_DIR = fileURLToPath(new URL('./site/', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * Serves the demo site: its pages from demo/site, the SDK builds under `/dist/`, `/config.js`
 * (where the collector is), and `app.html` for every `/app/…` route of the single-page app.
 * It runs on another port than the collector, so every event crosses origins (CORS).
 *
 * @example const site = await startSite({ collectorUrl: collector.url, port: 0 });
 */
export async function startSite(options: SiteOptions): Promise<Site> {
  const pageHeaders = clientHintHeaders(new URL(options.collectorUrl).origin);
  const config = 'window.TRACKLET_DEMO = ' + JSON.stringify({ collectorUrl: options.collectorUrl, ingestUrl: options.collectorUrl + '/sa' }) + ';\n';
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://site.invalid').pathname;
    const notFound = () => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: ' + path);
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      if (path === '/config.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(config);
      if (path.startsWith('/dist/')) return void ((await serveFile(res, DIST_DIR, path.slice('/dist'.length))) || notFound());
      if (path === '/app' || path.startsWith('/app/')) return void ((await serveFile(res, SITE_DIR, '/app.html', pageHeaders)) || notFound());
      if (!(await serveFile(res, SITE_DIR, path, path.endsWith('.html') || path === '/' ? pageHeaders : {}))) notFound();
    } catch (error) {
      console.error('[site] ' + req.url + ' failed:', error);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  const { url } = await listen(server, options.port ?? DEFAULT_SITE_PORT, options.host ?? '127.0.0.1');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The headers a page sends so that Chromium gives the collector, another origin, the client
 * hints that tell Windows 11 from 10 and the full browser version: `Accept-CH` asks for them,
 * `Permissions-Policy` lets the collector's origin receive them (without it Chromium sends
 * third-party requests the low-entropy hints only). The collector reads them at ingest
 * (demo/collector/user-agent.ts). A site that wants the same adds these two headers.
 *
 * @example clientHintHeaders('https://collector.example')['Accept-CH'] // 'Sec-CH-UA-Platform-Version, Sec-CH-UA-Full-Version-List'
 */
export function clientHintHeaders(collectorOrigin: string): Record<string, string> {
  const allow = '(self "' + collectorOrigin + '")';
  return {
    'Accept-CH': 'Sec-CH-UA-Platform-Version, Sec-CH-UA-Full-Version-List',
    'Permissions-Policy': 'ch-ua-platform-version=' + allow + ', ch-ua-full-version-list=' + allow,
  };
}
