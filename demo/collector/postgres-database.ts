import pg from 'pg';
import { sqlFor, type Database, type FeedMessage, type Op, type Step } from './database';
import { ensurePostgresSchema } from './postgres-schema';

/** PostgreSQL's codes for "run the transaction again": serialization failure, deadlock, a key another transaction just inserted. */
/** The first key of the collector's two-key advisory locks (the second is a hash of the name). */
const LOCK_SPACE = 22;
const RETRY_CODES = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 30;
/** A NOTIFY payload must stay under PostgreSQL's 8000 bytes. */
const MAX_NOTIFY_BYTES = 7000;

export interface PostgresOptions {
  /** Connections this collector keeps (default 8). */
  poolSize?: number;
}

/**
 * The PostgreSQL store: the Database interface over a `pg` pool. A write is one READ
 * COMMITTED transaction holding the locks its step takes: advisory locks on the IDs a batch
 * names, and the rows of the users it changes (store.ts and identity-graph.ts say which), so
 * batches of the same people from several collectors run one after the other and the rest in
 * parallel. When PostgreSQL reports a deadlock or a unique key stored meanwhile (the same event
 * from two collectors), the whole step runs again (up to 30 times, after a short random pause).
 * SERIALIZABLE was measured first: on these small, hot tables its predicate locks conflicted
 * so often that retries took seconds (docs/collector-postgres.md).
 * `notify` becomes `pg_notify` in the same transaction, and every collector LISTENs, so each
 * viewer sees the events every collector stored.
 *
 * @example const database = await openPostgresDatabase('postgres://tracklet@db/tracklet');
 */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<Database> {
  // BIGINT and NUMERIC as numbers: ids, times and counts stay far below 2^53.
  const types = { getTypeParser: ((oid: number, format?: string) => (oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format as never))) as typeof pg.types.getTypeParser };
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 8, types });
  // An idle connection that drops (server restart) must not crash the collector; the pool replaces it.
  pool.on('error', (error) => console.error('[collector] PostgreSQL connection lost:', error.message));
  try {
    await ensurePostgresSchema(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  // The live feed's NOTIFY channel, one per schema: collectors of other tracklet databases kept
  // in other schemas (search_path) of the same PostgreSQL database do not hear each other.
  const schema = (await pool.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema ?? 'public';
  const channel = ('tracklet_feed' + (schema === 'public' ? '' : '_' + schema)).slice(0, 63);
  const listeners: ((message: FeedMessage) => void)[] = [];
  let listener: pg.Client | undefined;
  let closed = false;

  async function exec(client: pg.PoolClient | pg.Pool, op: Op): Promise<unknown> {
    switch (op.kind) {
      case 'dialect':
        return 'postgres';
      case 'lock': {
        const keys = [...new Set(op.names.map(hash32))].sort((a, b) => a - b);
        for (const key of keys) await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, key]);
        return undefined;
      }
      case 'notify':
        for (const payload of notifyPayloads(op.topic, op.data)) await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
        return undefined;
      case 'run':
        return (await client.query(numbered(sqlFor(op.sql, 'postgres')), op.params as unknown[])).rowCount ?? 0;
      case 'all':
        return (await client.query(numbered(sqlFor(op.sql, 'postgres')), op.params as unknown[])).rows;
      case 'get':
        return (await client.query(numbered(sqlFor(op.sql, 'postgres')), op.params as unknown[])).rows[0];
      case 'value': {
        const result = await client.query({ text: numbered(sqlFor(op.sql, 'postgres')), values: op.params as unknown[], rowMode: 'array' });
        return (result.rows[0] as unknown[] | undefined)?.[0];
      }
    }
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: url, types });
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      const parsed = JSON.parse(message.payload) as FeedMessage;
      listeners.forEach((deliver) => deliver(parsed));
    });
    client.on('error', (error) => {
      // The viewer's live feed pauses until the listening connection is back (viewers reload the list on reconnect).
      console.error('[collector] live-feed connection lost:', error.message);
      if (listener === client) listener = undefined;
      void client.end().catch(() => {});
      if (!closed) setTimeout(() => void listen().catch(() => {}), 1000).unref();
    });
    await client.connect();
    await client.query('LISTEN "' + channel.replace(/"/g, '') + '"');
    if (closed) await client.end();
    else listener = client;
  }

  return {
    dialect: 'postgres',
    location: redacted(url),
    async write<T>(step: () => Step<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          const result = await driveAsync(step(), (op) => exec(client, op));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
          if (!RETRY_CODES.has((error as { code?: string }).code ?? '') || attempt >= MAX_ATTEMPTS) throw error;
        } finally {
          client.release(broken);
        }
        // Another collector's transaction won: wait a little (more after each retry) and run again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    },
    read: (step) => driveAsync(step(), (op) => exec(pool, op)),
    async query(sql, ...params) {
      return (await pool.query(numbered(sqlFor(sql, 'postgres')), params)).rows;
    },
    subscribe(deliver) {
      listeners.push(deliver);
      if (listeners.length === 1) void listen().catch((error: Error) => console.error('[collector] live feed cannot LISTEN:', error.message));
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };
}

/** Runs a step, answering each of its statements with the awaited `exec`. */
async function driveAsync<T>(step: Step<T>, exec: (op: Op) => Promise<unknown>): Promise<T> {
  let next = step.next();
  while (!next.done) {
    let answer: unknown;
    try {
      answer = await exec(next.value);
    } catch (error) {
      next = step.throw(error);
      continue;
    }
    next = step.next(answer);
  }
  return next.value;
}

const numberedCache = new Map<string, string>();

/** `?` placeholders (outside quoted text) as PostgreSQL's `$1, $2, …`. */
export function numbered(sql: string): string {
  let text = numberedCache.get(sql);
  if (text === undefined) {
    let n = 0;
    let quote: string | undefined;
    text = '';
    for (const char of sql) {
      if (quote) {
        if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '?') {
        text += '$' + ++n;
        continue;
      }
      text += char;
    }
    numberedCache.set(sql, text);
  }
  return text;
}

/**
 * The NOTIFY payloads of one message: a list is cut into parts small enough for PostgreSQL's
 * 8000-byte limit; an item too large alone (a very long URL path) is sent with its text fields shortened.
 */
function notifyPayloads(topic: string, data: unknown): string[] {
  // Each part says its number (`part`, not read by listeners): PostgreSQL delivers identical
  // payloads of one transaction once, and two parts can be identical (same refusal, same cut payload).
  const whole = JSON.stringify({ topic, data });
  if (Buffer.byteLength(whole) <= MAX_NOTIFY_BYTES) return [whole];
  if (isRejectsMessage(data)) {
    // `{ rejects, count }` (up to 20 kept payloads of 4 KB): the list in parts, the first part
    // carrying the count of the unlisted ones, so the viewer builds the same rows as from one message.
    const parts = listParts(data.rejects);
    const unlisted = data.count - data.rejects.length;
    return parts.map((part, i) => JSON.stringify({ topic, data: { rejects: part, count: part.length + (i === 0 ? unlisted : 0) }, part: i }));
  }
  if (!Array.isArray(data)) return [whole];
  return listParts(data).map((part, i) => JSON.stringify({ topic, data: part, part: i }));
}

function isRejectsMessage(data: unknown): data is { rejects: unknown[]; count: number } {
  return typeof data === 'object' && data !== null && Array.isArray((data as { rejects?: unknown }).rejects) && typeof (data as { count?: unknown }).count === 'number';
}

/** A list in parts whose JSON each fits a NOTIFY payload. */
function listParts(data: unknown[]): unknown[][] {
  const parts: unknown[][] = [];
  let part: unknown[] = [];
  let size = 0;
  for (const item of data) {
    let text = JSON.stringify(item);
    if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES - 100) text = JSON.stringify(shortened(item));
    const bytes = Buffer.byteLength(text) + 1;
    if (part.length && size + bytes > MAX_NOTIFY_BYTES - 100) {
      parts.push(part);
      part = [];
      size = 0;
    }
    part.push(JSON.parse(text));
    size += bytes;
  }
  if (part.length) parts.push(part);
  return parts;
}

function shortened(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, typeof value === 'string' && value.length > 500 ? value.slice(0, 500) + '…' : value]));
}

/** A 32-bit FNV-1a hash of a lock name (collisions only make two batches wait for each other). */
function hash32(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/** The URL without its password, for logs. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
