import type { Database } from '../database';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadApiToken, type ApiToken } from './api-token';
import { createClusterStore } from './cluster-store';
import { createRefreshRunner } from './refresh-runner';
import { handleOpenApi } from './routes';
import { assertTimeZone, formatWallTime } from './zoned-time';

export interface OpenApiOptions {
  /** The token callers must pass; default `TRACKLET_API_TOKEN`, else kept in the data folder. */
  token?: string;
  /** IANA time zone of startTime/endTime/recentDay and refreshTime; default `TRACKLET_TIMEZONE`, else UTC. */
  timeZone?: string;
  /** The clock (tests move it across a day boundary). */
  now?: () => number;
  /** Pause between refresh chunks in ms; default `TRACKLET_REFRESH_PAUSE_MS`, else 0. */
  refreshPauseMs?: number;
  /** Users per refresh chunk; default `TRACKLET_REFRESH_CHUNK_USERS`, else sized to ~40 ms a chunk. */
  refreshChunkUsers?: number;
}

/** A cluster or tag as the viewer's Segments page shows it. */
export interface SegmentSummary {
  id: number;
  clusterName: string;
  displayName: string;
  clusterCatalog: string;
  clusterType: string;
  usersNum: number;
  refreshTime: string | null;
  refreshState: string;
  progress: number;
  values: { tagValue: string | null; usersNum: number }[];
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Seed 003's user-cluster and user-tag open API over the collector's database: the routes
 * under `/open/`, the background refresh runner, and the reads the viewer uses. Call
 * `close()` before closing the database.
 *
 * @example const openApi = createOpenApi(database, dataDir, {}, log); if (url.pathname.startsWith('/open/')) await openApi.handle(req, res, url);
 */
export function createOpenApi(database: Database, dataDir: string, options: OpenApiOptions, log: (line: string) => void) {
  const timeZone = options.timeZone ?? process.env.TRACKLET_TIMEZONE ?? 'UTC';
  assertTimeZone(timeZone);
  const now = options.now ?? Date.now;
  const token: ApiToken = loadApiToken(dataDir, options.token ?? process.env.TRACKLET_API_TOKEN);
  const store = createClusterStore(database);
  const pauseMs = options.refreshPauseMs ?? positive(process.env.TRACKLET_REFRESH_PAUSE_MS) ?? 0;
  const chunkUsers = options.refreshChunkUsers ?? positive(process.env.TRACKLET_REFRESH_CHUNK_USERS);
  const runner = createRefreshRunner(database, store, { timeZone, now, pauseMs, ...(chunkUsers ? { chunkUsers } : {}), log });
  const deps = { store, runner, token: token.value, timeZone, now, maxBodyBytes: MAX_BODY_BYTES };
  // A refresh another collector is running is taken up too: it is redone, not lost.
  void runner.resume().catch((error: Error) => log('resuming refreshes failed: ' + error.message));

  return {
    token,
    timeZone,
    store,
    runner,
    handle: (req: IncomingMessage, res: ServerResponse, url: URL) => handleOpenApi(req, res, url, deps),
    /** Every cluster and tag with its counts, newest first (the viewer's Segments page). */
    async segments(): Promise<SegmentSummary[]> {
      const { rows } = await store.list({ pageNum: 1, pageSize: 1000 });
      const counts = await Promise.all(rows.map((row) => store.valueCounts(row.id)));
      return rows.map((row, index) => {
        const status = runner.status(row);
        return {
          id: row.id,
          clusterName: row.cluster_name,
          displayName: row.display_name,
          clusterCatalog: row.catalog,
          clusterType: row.cluster_type,
          usersNum: row.users_num,
          refreshTime: row.refresh_time === null ? null : formatWallTime(row.refresh_time, timeZone),
          refreshState: status.state,
          progress: status.progress,
          values: counts[index]!,
        };
      });
    },
    /** The clusters a user is in and the tags it holds (shown in `/api/users/<id>`). */
    segmentsOfUser: (userId: number) => store.ofUser(userId),
    close: () => runner.close(),
  };
}

export type OpenApi = ReturnType<typeof createOpenApi>;

function positive(text: string | undefined): number | undefined {
  const value = Number(text);
  return text && Number.isFinite(value) && value > 0 ? value : undefined;
}
