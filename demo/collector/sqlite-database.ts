import type BetterSqlite3 from 'better-sqlite3';
import { startCheckpointer } from './checkpointer';
import { sqlFor, type Database, type FeedMessage, type Op, type Step } from './database';
import { openDatabase } from './schema';

/** The SQLite store: the Database interface over one better-sqlite3 connection. */
export interface SqliteDatabase extends Database {
  readonly dialect: 'sqlite';
  /** The better-sqlite3 connection (tests and tools that read the file directly). */
  readonly handle: BetterSqlite3.Database;
}

/**
 * Opens `<dataDir>/collector.sqlite` (schema.ts) with its checkpoint worker (checkpointer.ts).
 * A step runs synchronously from start to end: a write is one `BEGIN IMMEDIATE` transaction
 * that nothing else in the process can interleave with, as the collector always did.
 *
 * @example const database = openSqliteDatabase('demo/data'); await database.write(() => ingestStep(events, Date.now()));
 */
export function openSqliteDatabase(dataDir: string, durable = false): SqliteDatabase {
  const db = openDatabase(dataDir, durable);
  const checkpointer = startCheckpointer(db);
  // One map per kind, keyed by the SQL text itself: the texts are constants, whose hashes V8 keeps.
  const statements: Record<string, Map<string, BetterSqlite3.Statement>> = { run: new Map(), all: new Map(), get: new Map(), value: new Map() };
  const listeners: ((message: FeedMessage) => void)[] = [];
  let pending: FeedMessage[] = [];
  let inTransaction = false;

  function statement(kind: string, sql: string): BetterSqlite3.Statement {
    const byText = statements[kind]!;
    let prepared = byText.get(sql);
    if (!prepared) {
      prepared = db.prepare(sql);
      if (kind === 'value') prepared.pluck();
      byText.set(sql, prepared);
    }
    return prepared;
  }

  const deliver = (message: FeedMessage) => listeners.forEach((listener) => listener(message));

  function exec(op: Op): unknown {
    switch (op.kind) {
      case 'dialect':
        return 'sqlite';
      case 'lock':
        // One writer at a time already: BEGIN IMMEDIATE holds the database's write lock.
        return undefined;
      case 'notify':
        if (inTransaction) pending.push({ topic: op.topic, data: op.data });
        else deliver({ topic: op.topic, data: op.data });
        return undefined;
      case 'run':
        return statement('run', sqlFor(op.sql, 'sqlite')).run(...op.params).changes;
      case 'all':
        return statement('all', sqlFor(op.sql, 'sqlite')).all(...op.params);
      default:
        return statement(op.kind, sqlFor(op.sql, 'sqlite')).get(...op.params);
    }
  }

  const transaction = db.transaction(<T>(step: () => Step<T>): T => drive(step(), exec));

  return {
    dialect: 'sqlite',
    location: db.name,
    handle: db,
    async write<T>(step: () => Step<T>): Promise<T> {
      inTransaction = true;
      pending = [];
      let result: T;
      try {
        // BEGIN IMMEDIATE: take the write lock up front, waiting (busy_timeout) for the
        // checkpoint worker if need be. A deferred transaction that read first could find its
        // snapshot stale after a WAL restart and fail with SQLITE_BUSY without waiting.
        result = transaction.immediate(step) as T;
      } finally {
        inTransaction = false;
      }
      const committed = pending;
      pending = [];
      committed.forEach(deliver);
      return result;
    },
    async read(step) {
      return drive(step(), exec);
    },
    async query(sql, ...params) {
      return statement('all', sqlFor(sql, 'sqlite')).all(...params) as never;
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    async close() {
      if (!db.open) return;
      try {
        await checkpointer.stop();
      } finally {
        db.close();
      }
    },
  };
}

/** Runs a step synchronously, answering each of its statements with `exec`. */
export function drive<T>(step: Step<T>, exec: (op: Op) => unknown): T {
  let next = step.next();
  while (!next.done) {
    let answer: unknown;
    try {
      answer = exec(next.value);
    } catch (error) {
      next = step.throw(error);
      continue;
    }
    next = step.next(answer);
  }
  return next.value;
}
