/**
 * The collector's one storage interface, with two implementations: SQLite (the embedded
 * default, sqlite-database.ts) and PostgreSQL (several collectors on one server,
 * postgres-database.ts). Why it is shaped this way: docs/collector-postgres.md.
 *
 * The collector's logic (store.ts, identity-graph.ts, queries.ts, …) is written once, as
 * *steps*: generator functions that `yield*` the statements they need (`all`, `get`, `value`,
 * `run`, `notify`) and receive the answers. The SQLite driver answers each statement at once,
 * inside one synchronous transaction, exactly as before; the PostgreSQL driver answers it
 * over the network with `await`, inside a transaction that takes the locks the step asks for
 * (`lock`, and `FOR NO KEY UPDATE` reads) and that it runs again when PostgreSQL reports a
 * deadlock or a key another collector just stored. Same logic, same SQL text (`?`
 * placeholders; the PostgreSQL driver numbers them), and no Promise per statement on the
 * SQLite path.
 */

/** SQL text that both stores accept, or one text per store where their dialects differ. */
export type Sql = string | { readonly sqlite: string; readonly postgres: string };

export type Dialect = 'sqlite' | 'postgres';

/** One request of a step to its driver. */
export type Op =
  | { kind: 'all' | 'get' | 'value' | 'run'; sql: Sql; params: readonly unknown[] }
  /** A live-feed message, delivered to every collector once the transaction commits. */
  | { kind: 'notify'; topic: string; data: unknown }
  /** Locks these names until the transaction ends (PostgreSQL advisory locks; SQLite: nothing, it has one writer). */
  | { kind: 'lock'; names: string[] }
  | { kind: 'dialect' };

/** A unit of database work: run by `Database.write` (one transaction) or `Database.read`. */
export type Step<T> = Generator<Op, T, unknown>;

/** Every row the statement returns. @example const rows = yield* all<{ id: number }>('SELECT id FROM users'); */
export function* all<Row>(sql: Sql, ...params: unknown[]): Step<Row[]> {
  return (yield { kind: 'all', sql, params }) as Row[];
}

/** The first row, or undefined. @example const user = yield* get<UserRow>('SELECT * FROM users WHERE id = ?', id); */
export function* get<Row>(sql: Sql, ...params: unknown[]): Step<Row | undefined> {
  return (yield { kind: 'get', sql, params }) as Row | undefined;
}

/** The first column of the first row, or undefined. @example const n = yield* value<number>('SELECT COUNT(*) FROM events'); */
export function* value<T>(sql: Sql, ...params: unknown[]): Step<T | undefined> {
  return (yield { kind: 'value', sql, params }) as T | undefined;
}

/** Runs a statement and returns how many rows it changed. @example yield* run('DELETE FROM rejects WHERE id < ?', 10); */
export function* run(sql: Sql, ...params: unknown[]): Step<number> {
  return (yield { kind: 'run', sql, params }) as number;
}

/** Announces `data` on the live feed under `topic` once (and only if) the transaction commits. */
export function* notify(topic: string, data: unknown): Step<void> {
  yield { kind: 'notify', topic, data };
}

/**
 * Takes a lock on each name (e.g. an ID a batch names) until the transaction ends, in one
 * fixed order so two transactions cannot wait on each other. Concurrent collectors whose
 * batches share a name run those batches one after the other.
 */
export function* lock(names: string[]): Step<void> {
  if (names.length) yield { kind: 'lock', names };
}

/** Which store runs the step (for the few places where the work itself differs). */
export function* dialect(): Step<Dialect> {
  return (yield { kind: 'dialect' }) as Dialect;
}

/** A live-feed message: stored events, merges, refused events (see live-feed.ts). */
export type FeedMessage = { topic: string; data: unknown };

export interface Database {
  readonly dialect: Dialect;
  /** Where the data lives, for logs: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Runs `step` in one write transaction: everything it wrote commits together or not at all.
   * PostgreSQL runs it again from the start when another collector's transaction conflicts
   * (deadlock, a unique key stored meanwhile); so a step must not change anything outside the
   * database before it returns.
   */
  write<T>(step: () => Step<T>): Promise<T>;
  /** Runs `step` outside a write transaction (each statement sees what was committed). */
  read<T>(step: () => Step<T>): Promise<T>;
  /** One statement outside a transaction (tests, tools). */
  query<Row = Record<string, unknown>>(sql: Sql, ...params: unknown[]): Promise<Row[]>;
  /** Calls `listener` with every live-feed message committed by any collector on this database. */
  subscribe(listener: (message: FeedMessage) => void): void;
  close(): Promise<void>;
}

/** The SQL text of `sql` for one dialect. */
export function sqlFor(sql: Sql, dialect: Dialect): string {
  return typeof sql === 'string' ? sql : sql[dialect];
}
