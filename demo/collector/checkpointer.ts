import type { Database } from 'better-sqlite3';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  /** Stops the worker, then checkpoints and truncates the WAL on the caller's connection. */
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the request thread. SQLite's automatic checkpoint runs inside
 * the commit that crosses 1000 WAL pages, so that request waits for the checkpoint's fsyncs:
 * measured here, it turned a 1 ms batch into 100–300 ms stalls every second under load. The
 * automatic checkpoint is turned off and a worker thread with its own connection checkpoints
 * on a timer instead (https://www.sqlite.org/wal.html#automatic_checkpoint).
 *
 * @example const checkpointer = startCheckpointer(db); ...; await checkpointer.stop(); db.close();
 */
export function startCheckpointer(db: Database, intervalMs = 500, maxWalPages = 8192): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  // After a restart the WAL file is cut back to this size instead of keeping its peak.
  db.pragma('journal_size_limit = ' + 16 * 1024 * 1024);
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { file: db.name, intervalMs, maxWalPages } });
  worker.unref();
  worker.on('message', (message) => {
    // Most frames are already in the database, so this costs about one fsync.
    if (message !== 'wal-large' || !db.open) return;
    try {
      db.pragma('wal_checkpoint(RESTART)');
    } catch {
      // Busy past busy_timeout: the worker asks again on its next tick.
    }
  });
  worker.on('error', (error) => {
    // Without the worker the WAL would grow without end: give the job back to SQLite.
    console.error('[collector] checkpoint worker failed; back to automatic checkpoints:', error);
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        worker.postMessage('stop');
        // 5 s at most: a worker stuck on a busy database (or already dead) is terminated.
        const stopped = new Promise((resolve) => worker.on('message', (message) => message === 'stopped' && resolve(message)));
        await Promise.race([stopped, once(worker, 'exit'), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
        await worker.terminate();
        db.pragma('wal_checkpoint(TRUNCATE)');
      })();
      return stopping;
    },
  };
}
