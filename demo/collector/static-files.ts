import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves one file below `root` for a URL path: only known file types, never a path that
 * climbs out of `root` (`..`, encoded or not). Resolves false when there is no such file, so
 * the caller can answer 404 or fall back (an SPA route).
 *
 * @example if (!(await serveFile(res, 'demo/site', url.pathname))) notFound(res);
 */
export async function serveFile(res: ServerResponse, root: string, urlPath: string, headers: Record<string, string> = {}): Promise<boolean> {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(urlPath)).replace(/^[/\\]+/, '');
  } catch {
    return false;
  }
  if (relative === '' || relative.endsWith(sep)) relative = join(relative, 'index.html');
  const type = TYPES[extname(relative)];
  if (!type || relative.split(sep).includes('..')) return false;
  let body: Buffer;
  try {
    body = await readFile(join(root, relative));
  } catch {
    return false;
  }
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
  res.end(body);
  return true;
}
