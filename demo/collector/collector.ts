import type BetterSqlite3 from 'better-sqlite3';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { handleApi } from './api-routes';
import type { Database } from './database';
import { listen, sendJson } from './http-utils';
import { handleIngest } from './ingest-route';
import { createInsightQueries } from './insights';
import { createItemStore } from './item-store';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from './limits';
import { createLiveFeed } from './live-feed';
import { createOpenApi, type OpenApi, type OpenApiOptions } from './open-api/open-api';
import { createQueries, type Queries } from './queries';
import { createReadGuard, readAccessFor } from './read-guard';
import { openPostgresDatabase } from './postgres-database';
import { API_HEADERS, VIEWER_HEADERS } from './security-headers';
import { serveFile } from './static-files';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database';
import { createStore } from './store';

export interface CollectorOptions {
  /** TCP port; 0 picks a free one. Default 8106. */
  port?: number;
  /**
   * Only loopback by default: the demo collector is not meant to face a network. Another
   * address makes the read API need `apiToken` (one is made up when none is given).
   */
  host?: string;
  /** Host names besides the loopback ones that the viewer and API answer to (DNS-rebinding guard). */
  allowedHosts?: string[];
  /** A token the read API (`/api/…`) requires: `Authorization: Bearer <token>` or `?token=<token>`. */
  apiToken?: string;
  /** Timeouts, connection and live-stream caps (see limits.ts); tests shorten them. */
  limits?: Partial<ServerLimits>;
  /** Where the SQLite database lives (and the open API's token file). Default `demo/data`. */
  dataDir?: string;
  /**
   * A PostgreSQL URL (`postgres://user:password@host:5432/db`): store there instead of in
   * SQLite, so that several collectors can share one database. Default
   * `$TRACKLET_DATABASE_URL`; without either, SQLite in `dataDir`.
   */
  databaseUrl?: string;
  /** Ingest path. Default `/sa`. */
  path?: string;
  /** Largest request body accepted (413 above). Default 1 MB. */
  maxBodyBytes?: number;
  /** SQLite: fsync every commit (`synchronous = FULL`); default NORMAL, which survives a process crash. */
  durable?: boolean;
  /** No log line per request. */
  quiet?: boolean;
  /** Seed 003's open API under `/open/`: token, time zone, clock (see open-api/open-api.ts). */
  openApi?: OpenApiOptions;
}

export interface Collector {
  /** Base URL, e.g. `http://127.0.0.1:8106`. */
  url: string;
  /** Where the SDK sends: `url` + ingest path. */
  ingestUrl: string;
  port: number;
  /** The store (SQLite or PostgreSQL) behind the collector. */
  database: Database;
  /** The SQLite connection; throws when the collector runs on PostgreSQL. */
  readonly db: BetterSqlite3.Database;
  queries: Queries;
  /** The token the read API requires, when it requires one. */
  apiToken: string | undefined;
  /** The user-cluster and user-tag open API (its token, store and refresh runner). */
  openApi: OpenApi;
  close(): Promise<void>;
}

export const DEFAULT_COLLECTOR_PORT = 8106;
const CLOSE_GRACE_MS = 2000;
const VIEWER_DIR = fileURLToPath(new URL('./viewer/', import.meta.url));
const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

/**
 * Starts the reference collector: the ingest endpoint, the live viewer at `/` and its JSON API
 * under `/api/`. Resolves once it listens.
 *
 * @example
 * const collector = await startCollector({ port: 0, dataDir: tmp, quiet: true });
 * await fetch(collector.ingestUrl, { method: 'POST', body: 'data_list=...&gzip=0' });
 * collector.queries.events().length;
 * await collector.close();
 */
export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const databaseUrl = options.databaseUrl ?? (process.env.TRACKLET_DATABASE_URL || undefined);
  const database: Database = databaseUrl ? await openPostgresDatabase(databaseUrl) : openSqliteDatabase(dataDir, options.durable);
  const log = options.quiet ? () => {} : (line: string) => console.log('[collector] ' + line);
  let openApi: OpenApi;
  try {
    openApi = createOpenApi(database, dataDir, options.openApi ?? {}, log);
  } catch (error) {
    // An unknown TRACKLET_TIMEZONE, an unreadable token file: refuse to start, cleanly.
    await database.close();
    throw error;
  }
  const queries = createQueries(database);
  const insights = createInsightQueries(database);
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const feed = createLiveFeed({ maxClients: limits.maxStreams, maxPerClient: limits.maxStreamsPerClient });
  // What any collector on this database stored reaches this collector's viewers.
  database.subscribe(({ topic, data }) => feed.publish(topic, data));
  const ingestPath = options.path ?? '/sa';
  const host = options.host ?? '127.0.0.1';
  const access = readAccessFor(options);
  const apiToken = access.apiToken;
  const guard = createReadGuard(access);
  const items = createItemStore(database);
  const deps = { store: createStore(database), items, maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, log };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://collector.invalid');
    // Ingest answers any Host and Origin: pages anywhere send events. Real Sensors clients
    // rewrite a server_url ending in /sa to /sa.gif.
    if (url.pathname === ingestPath || url.pathname === ingestPath + '.gif') return handleIngest(req, res, deps);
    // The open API checks its own token (seed 003), so a rebound page without it changes nothing.
    if (url.pathname.startsWith('/open/')) return openApi.handle(req, res, url);
    const refusal = guard(req, url);
    if (refusal) return sendJson(res, refusal.status, { error: refusal.error }, API_HEADERS);
    if (url.pathname.startsWith('/api/')) {
      if (!(await handleApi(req, res, url, queries, feed, items, openApi, insights))) sendJson(res, 404, { error: 'no such API: ' + url.pathname }, API_HEADERS);
      return;
    }
    if (req.method === 'GET' && (await serveFile(res, VIEWER_DIR, url.pathname, VIEWER_HEADERS))) return;
    sendJson(res, 404, { error: 'not found; events go to ' + ingestPath + ', the viewer is at /' }, API_HEADERS);
  }

  // Node checks the request and header timeouts every connectionsCheckingInterval (30 s by
  // default, which would let a slow request live up to twice its timeout).
  const server = createServer({ requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs) }, (req, res) => {
    // The request came: its own timeouts (and keep-alive's, after it) take over from the one below.
    req.socket.setTimeout(0);
    route(req, res).catch((error: unknown) => {
      console.error('[collector] ' + req.method + ' ' + req.url + ' failed:', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 10_000;
  server.maxConnections = limits.maxConnections;
  // Node's header timeout starts with a request's first byte: a connection that never sends
  // one would hold its slot forever. Node's own socket-timeout handler destroys it.
  server.on('connection', (socket) => socket.setTimeout(limits.headersTimeoutMs));
  let address: { url: string; port: number };
  try {
    address = await listen(server, options.port ?? DEFAULT_COLLECTOR_PORT, host);
  } catch (error) {
    feed.close();
    await openApi.close();
    await database.close();
    throw error;
  }
  const { url, port } = address;
  let closing: Promise<void> | undefined;

  return {
    url,
    ingestUrl: url + ingestPath,
    port,
    database,
    get db() {
      if (database.dialect !== 'sqlite') throw new Error('collector.db is the SQLite connection; this collector stores in PostgreSQL (use collector.database)');
      return (database as SqliteDatabase).handle;
    },
    queries,
    apiToken,
    openApi,
    close() {
      closing ??= new Promise<void>((resolve) => {
        feed.close();
        // Requests in flight get this long to finish; then their connections are cut.
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(cut);
          // A refresh stops after its current chunk and resumes at the next start.
          void openApi
            .close()
            .then(() => database.close())
            .catch((error: unknown) => console.error('[collector] closing the database failed:', error))
            .then(() => resolve());
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
