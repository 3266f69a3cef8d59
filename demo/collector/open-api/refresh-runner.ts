import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { get, run, value, type Database } from '../database';
import { CLEAR_STAGING, compileStagingInsert, CREATE_STAGING, DELETE_MEMBERS, INSERT_MEMBERS, STAGE_IMPORT, USER_ID_BOUNDS } from './cluster-sql';
import type { ClusterRow, ClusterStore } from './cluster-store';
import { resolveWindow } from './event-window';

export interface RefreshOptions {
  timeZone: string;
  now: () => number;
  /** Pause between chunks, leaving the CPU to ingest on a busy collector. Default 0. */
  pauseMs?: number;
  /** Aimed duration of one chunk: how long a refresh may hold the event loop at a time. */
  chunkMs?: number;
  /** A fixed chunk size in users instead of one sized by `chunkMs` (tests, tuning). */
  chunkUsers?: number;
  log: (line: string) => void;
}

export interface RefreshStatus {
  /** 0–100: the share of users evaluated so far (100 once the members are swapped in). */
  progress: number;
  state: 'idle' | 'queued' | 'running' | 'failed';
}

const FIRST_CHUNK_USERS = 2000;

/**
 * Runs refreshes in the background, one at a time, in the order asked. A refresh evaluates
 * the users in chunks of ids (each chunk one SQL statement, sized to take about `chunkMs`),
 * yields to the event loop between chunks so ingest and the API keep answering, and stages
 * the matches in a TEMP table; the members are swapped in by one short transaction at the
 * end, so readers see the old members until the new ones are complete. `progress` is the
 * share of the user id range done. A refresh asked while the same cluster is queued or running
 * joins it; an update or delete cancels the running one. A stop leaves the row `running`, and
 * `resume()` at the next start refreshes it again.
 *
 * @example const runner = createRefreshRunner(database, store, options); await runner.request(id); await runner.idle();
 */
export function createRefreshRunner(database: Database, store: ClusterStore, options: RefreshOptions) {
  const ready = database.read(() => run(CREATE_STAGING));
  const queue: number[] = [];
  const progress = new Map<number, number>();
  let current: { id: number; cancelled: boolean } | undefined;
  let loop: Promise<void> | undefined;
  let closed = false;
  // The last 'queued' state written: a refresh starts after it, so its 'running' is not overwritten.
  let queuedWritten: Promise<unknown> = Promise.resolve();
  let resuming: Promise<void> = Promise.resolve();
  const chunkMs = options.chunkMs ?? 40;

  const pause = () => new Promise<void>((resolve) => (options.pauseMs ? setTimeout(resolve, options.pauseMs) : setImmediate(resolve)));

  async function refresh(id: number, job: { cancelled: boolean }): Promise<void> {
    await ready;
    const row = await store.get(id);
    if (!row) return;
    const spec = store.specOf(row);
    const startedAt = options.now();
    // This refresh's rows in the staging table (shared by the collectors on PostgreSQL).
    const runId = randomUUID();
    await store.setState(id, 'running');
    progress.set(id, 0);
    try {
      if (spec.values[0]?.ids) await database.read(() => run(STAGE_IMPORT, runId, id));
      else {
        const mode = row.cluster_type.includes('dynamic') ? 'dynamic' : 'static';
        const anchor = mode === 'static' ? row.defined_at : startedAt;
        const compiled = compileStagingInsert(
          spec.values.map((value) => value.def!),
          (condition) => resolveWindow(condition, mode, anchor, options.timeZone),
          database.dialect,
        );
        const { low, high } = (await database.read(() => get<{ low: number | null; high: number | null }>(USER_ID_BOUNDS)))!;
        let next = low ?? 1;
        let span = options.chunkUsers ?? FIRST_CHUNK_USERS;
        while (high !== null && next <= high) {
          const started = performance.now();
          const from = next;
          await database.read(() => run(compiled.sql, runId, ...compiled.params, from, from + span - 1));
          const took = performance.now() - started;
          next += span;
          progress.set(id, Math.min(99, Math.floor((99 * (next - low!)) / (high - low! + 1))));
          if (!options.chunkUsers) span = Math.max(100, Math.round(span * Math.min(4, Math.max(0.25, chunkMs / Math.max(took, 1)))));
          await pause();
          if (job.cancelled || closed) return;
        }
      }
      if (job.cancelled || closed) return;
      const usersNum = await database.write(function* () {
        yield* run(DELETE_MEMBERS, id);
        for (const [index, clusterValue] of spec.values.entries()) yield* run(INSERT_MEMBERS, id, clusterValue.tagValue, runId, index);
        const count = (yield* value<number>('SELECT COUNT(*) FROM cluster_members WHERE cluster_id = ?', id))!;
        yield* run("UPDATE clusters SET refresh_state = 'idle', refresh_error = NULL, refresh_time = ?, users_num = ? WHERE id = ?", startedAt, count, id);
        return count;
      });
      progress.set(id, 100);
      options.log('refreshed cluster ' + id + ' (' + row.cluster_name + '): ' + usersNum + ' users in ' + (options.now() - startedAt) + ' ms');
    } finally {
      await database.read(() => run(CLEAR_STAGING, runId)).catch(() => {});
    }
  }

  async function drain(): Promise<void> {
    // Start after the current request has been answered.
    await new Promise((resolve) => setImmediate(resolve));
    for (let id = queue.shift(); id !== undefined && !closed; id = queue.shift()) {
      await queuedWritten;
      const job = { id, cancelled: false };
      current = job;
      try {
        await refresh(id, job);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.log('refresh of cluster ' + id + ' failed: ' + message);
        if (!closed && (await store.get(id).catch(() => undefined))) await store.setState(id, 'failed', message).catch(() => {});
      } finally {
        current = undefined;
      }
    }
    loop = undefined;
  }

  return {
    /** Queues a refresh unless this cluster is already queued or running (then it joins that one). */
    async request(id: number): Promise<void> {
      if (closed || queue.includes(id) || (current?.id === id && !current.cancelled)) return;
      queue.push(id);
      progress.set(id, 0);
      const written = store.setState(id, 'queued');
      queuedWritten = written.catch(() => {});
      loop ??= drain();
      await written;
    },
    /** Stops a running refresh of this cluster (its members stay as they were) and unqueues it. */
    cancel(id: number): void {
      if (current?.id === id) current.cancelled = true;
      const at = queue.indexOf(id);
      if (at >= 0) queue.splice(at, 1);
      progress.delete(id);
    },
    /** The refresh state of a cluster as its row (just read) holds it, with this runner's progress. */
    status(row: ClusterRow): RefreshStatus {
      const state = row.refresh_state;
      const known = progress.get(row.id);
      return { progress: state === 'idle' ? (row.refresh_time !== null ? 100 : 0) : (known ?? 0), state };
    },
    /** The refresh state of a cluster by id (idle when there is no such cluster). */
    async statusById(id: number): Promise<RefreshStatus> {
      const row = await store.get(id);
      return row ? this.status(row) : { progress: 0, state: 'idle' };
    },
    /** Queues the refreshes a stop interrupted. */
    resume(): Promise<void> {
      resuming = (async () => {
        for (const id of await store.interrupted()) await this.request(id);
      })();
      return resuming;
    },
    /** Resolves once nothing is queued or running (tests and the benchmark wait on it). */
    async idle(): Promise<void> {
      await resuming.catch(() => {});
      while (loop) await loop;
    },
    /** Stops after the current chunk; the interrupted refresh stays `running` for resume(). */
    async close(): Promise<void> {
      closed = true;
      await loop;
    },
  };
}

export type RefreshRunner = ReturnType<typeof createRefreshRunner>;
