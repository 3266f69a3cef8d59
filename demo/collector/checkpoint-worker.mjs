import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

// Runs in a worker thread (see checkpointer.ts): copies the WAL back into the database every
// `intervalMs` on its own connection. A PASSIVE checkpoint never blocks the writer, and its
// fsyncs happen here instead of stalling the request thread. Plain JavaScript, because a
// worker thread does not inherit the tsx loader on Node 20.

const { file, intervalMs, maxWalPages } = workerData;
const db = new Database(file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under sustained writes a passive checkpoint never catches up and the WAL grows without
    // end. Only the writer can restart it without being starved, so ask the main thread.
    if (log > maxWalPages) parentPort.postMessage('wal-large');
  } catch {
    // Busy or closing: the next tick tries again, and stop() checkpoints on the main thread.
  }
}, intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
  parentPort.close();
});
