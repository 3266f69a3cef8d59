import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnCollector } from '../../demo/collector/spawn-collector';

// `node --import tsx bench/collector/attacks.ts [label]`: replays the attacks of the hardening
// review (issue 16) against a collector in its own process and prints what each one caused:
// answer sizes, rows stored, time, peak memory, other clients' waits. Run on the code before
// and after a change to fill docs/collector-hardening.md's table. Writes
// bench/results/collector-attacks-<label>.json. Every wait is capped (see CAP_MS).

const label = process.argv[2] ?? 'current';
const CAP_MS = 40_000;
type Row = Record<string, unknown> & { attack: string };
const rows: Row[] = [];

interface Reply {
  status: number;
  bytes: number;
  ms: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One HTTP request with full control of the headers (Host included); never rejects. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string } = {}): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes < 4096) chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, text: Buffer.concat(chunks).toString().slice(0, 300), headers: res.headers }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, text: 'response error', headers: res.headers }));
    });
    req.setTimeout(CAP_MS, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, bytes: 0, ms: performance.now() - started, text: String(error.message), headers: {} }));
    req.end(options.body);
  });
}

const form = (json: string, gzip: boolean) =>
  'data_list=' + encodeURIComponent((gzip ? gzipSync(json, { level: 9 }) : Buffer.from(json)).toString('base64')) + '&gzip=' + (gzip ? '1' : '0');
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
let trackId = 1;
const event = (extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'probe',
  distinct_id: 'attacker',
  identities: { $identity_cookie_id: 'attacker' },
  properties: {},
  time: Date.now(),
  _track_id: trackId++,
  ...extra,
});

function peakRssMb(child: ChildProcess): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/' + child.pid + '/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

function dbBytes(dir: string): number {
  let total = 0;
  for (const file of ['collector.sqlite', 'collector.sqlite-wal']) {
    try {
      total += statSync(join(dir, file)).size;
    } catch {
      // no WAL yet
    }
  }
  return total;
}

async function withCollector<T>(run: (url: string, dir: string, child: ChildProcess) => Promise<T>, args: string[] = []): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tracklet-attack-'));
  const { url, child } = await spawnCollector(dir, args);
  try {
    return await run(url, dir, child);
  } finally {
    child.kill('SIGTERM');
    await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A gzip body of `[0,0,…]`: `count` invalid events. */
async function bomb(count: number): Promise<void> {
  await withCollector(async (url, dir, child) => {
    const body = form('[' + '0,'.repeat(count - 1) + '0]', true);
    const gzipBytes = Buffer.from(decodeURIComponent(body.slice(10, body.indexOf('&'))), 'base64').length;
    const rejectsBefore = countRows(dir, 'rejects');
    const sizeBefore = dbBytes(dir);
    // A viewer's live stream, and another client asking for /api/stats every 50 ms meanwhile.
    let streamBytes = 0;
    const stream = httpRequest(url + '/api/stream', (res) => res.on('data', (chunk: Buffer) => (streamBytes += chunk.length)));
    stream.on('error', () => {});
    stream.end();
    await new Promise((resolve) => setTimeout(resolve, 300));
    let probing = true;
    let worstProbeMs = 0;
    const probes = (async () => {
      while (probing) {
        const reply = await send(url + '/api/stats');
        worstProbeMs = Math.max(worstProbeMs, reply.ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const reply = await send(url + '/sa', { method: 'POST', headers: FORM, body });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    probing = false;
    await probes;
    stream.destroy();
    const stats = await send(url + '/api/stats');
    rows.push({
      attack: 'gzip bomb of ' + count.toLocaleString('en') + ' `0`s',
      gzipBodyBytes: gzipBytes,
      status: reply.status,
      answerBytes: reply.bytes,
      answerMs: Math.round(reply.ms),
      rejectRowsStored: countRows(dir, 'rejects') - rejectsBefore,
      databaseGrowthMB: +((dbBytes(dir) - sizeBefore) / 1e6).toFixed(1),
      liveFeedBytes: streamBytes,
      worstOtherRequestMs: Math.round(worstProbeMs),
      statsAfterMs: +stats.ms.toFixed(1),
      collectorPeakRssMB: peakRssMb(child),
      answerStart: reply.text.slice(0, 120),
    });
  });
}

function countRows(dir: string, table: string): number {
  const db = new Database(join(dir, 'collector.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM ' + table).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** 1,000,000 invalid events the way the limits allow: 2,000 requests of 500. */
async function flood(): Promise<void> {
  await withCollector(async (url, dir) => {
    const body = form(JSON.stringify(Array.from({ length: 500 }, () => 0)), true);
    const sizeBefore = dbBytes(dir);
    const started = performance.now();
    let next = 0;
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < 2000) {
          next++;
          const reply = await send(url + '/sa', { method: 'POST', headers: FORM, body });
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        }
      }),
    );
    const floodMs = performance.now() - started;
    const times: number[] = [];
    let stats = '';
    for (let i = 0; i < 7; i++) {
      const reply = await send(url + '/api/stats');
      times.push(reply.ms);
      stats = reply.text;
    }
    times.sort((a, b) => a - b);
    rows.push({
      attack: '1,000,000 invalid events as 2,000 gzip requests of 500',
      statuses: Object.fromEntries(statuses),
      floodSeconds: +(floodMs / 1000).toFixed(1),
      rejectRowsKept: countRows(dir, 'rejects'),
      databaseGrowthMB: +((dbBytes(dir) - sizeBefore) / 1e6).toFixed(1),
      statsMedianMs: +times[3]!.toFixed(1),
      stats,
    });
  });
}

async function rebinding(url: string): Promise<void> {
  const port = new URL(url).port;
  await send(url + '/sa', { method: 'POST', headers: FORM, body: form(JSON.stringify([event({ identities: { $identity_email: 'jane@example.com' } })]), false) });
  for (const path of ['/api/users', '/api/events', '/']) {
    const reply = await send(url + path, { headers: { Host: 'rebound.example:' + port } });
    rows.push({ attack: 'DNS rebinding: Host rebound.example on ' + path, status: reply.status, answerBytes: reply.bytes });
  }
  const ingest = await send(url + '/sa', { method: 'POST', headers: { ...FORM, Host: 'shop.example' }, body: form(JSON.stringify([event()]), false) });
  rows.push({ attack: 'ingest with Host shop.example (must stay open)', status: ingest.status });
}

async function malformed(url: string): Promise<void> {
  const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const batch = '[' + JSON.stringify(event()) + ',' + JSON.stringify(event()).replace('"properties":{}', '"properties":{"deep":' + deep + '}') + ']';
  const reply = await send(url + '/sa', { method: 'POST', headers: FORM, body: form(batch, true) });
  rows.push({ attack: 'JSON nested 5,000 deep (gzip batch with one good event)', status: reply.status, answer: reply.text.slice(0, 120) });
  const properties = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => ['p' + i, 1]));
  const many = await send(url + '/sa', { method: 'POST', headers: FORM, body: form(JSON.stringify([event({ properties })]), true) });
  rows.push({ attack: 'one event with 100,000 properties', status: many.status, answer: many.text.slice(0, 120) });
  const identities = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => ['$identity_k' + i, 'v' + i]));
  const ids = await send(url + '/sa', { method: 'POST', headers: FORM, body: form(JSON.stringify([event({ identities })]), true) });
  rows.push({ attack: 'one event with 10,000 identities', status: ids.status, answer: ids.text.slice(0, 120) });
  const long = await send(url + '/sa', { method: 'POST', headers: FORM, body: form(JSON.stringify([event({ properties: { note: 'x'.repeat(500_000) } })]), true) });
  rows.push({ attack: 'one property value of 500,000 characters', status: long.status, answer: long.text.slice(0, 120) });
  const many501 = await send(url + '/sa', { method: 'POST', headers: FORM, body: form(JSON.stringify(Array.from({ length: 2000 }, () => event())), true) });
  rows.push({ attack: '2,000 valid events in one request', status: many501.status, answer: many501.text.slice(0, 120) });
}

async function slowClients(url: string): Promise<void> {
  const { port } = new URL(url);
  const slowBody = new Promise<number>((resolve) => {
    const started = performance.now();
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write('POST /sa HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n');
      const drip = setInterval(() => socket.write('A'), 1000);
      socket.on('close', () => clearInterval(drip));
    });
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => resolve(performance.now() - started));
    setTimeout(() => socket.destroy(), CAP_MS);
  });
  const slowHeaders = new Promise<number>((resolve) => {
    const started = performance.now();
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write('GET /api/stats HTTP/1.1\r\n');
      const drip = setInterval(() => socket.write('X-Drip: 1\r\n'), 1000);
      socket.on('close', () => clearInterval(drip));
    });
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => resolve(performance.now() - started));
    setTimeout(() => socket.destroy(), CAP_MS);
  });
  const [body, headers] = await Promise.all([slowBody, slowHeaders]);
  const held = (ms: number) => (ms >= CAP_MS - 100 ? '≥ ' + CAP_MS / 1000 + ' s (still open when the client gave up)' : (ms / 1000).toFixed(1) + ' s');
  rows.push({ attack: 'slow body (1 byte/s)', connectionHeld: held(body) });
  rows.push({ attack: 'slow headers (1 line/s)', connectionHeld: held(headers) });
}

async function connections(url: string): Promise<void> {
  const { port } = new URL(url);
  const sockets: Socket[] = [];
  let closed = 0;
  for (let i = 0; i < 600; i++) {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => {});
    socket.on('close', () => closed++);
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const heldAfter2s = 600 - closed;
  const other = await send(url + '/api/stats', { localAddress: '127.0.0.2' });
  // Idle connections that never send a request are closed by the header timeout (10 s).
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const otherLater = await send(url + '/api/stats', { localAddress: '127.0.0.2' });
  rows.push({ attack: '600 idle connections from one client', heldOpenAfter2s: heldAfter2s, otherClientStatus: other.status, heldOpenAfter12s: 600 - closed, otherClientStatusAfter12s: otherLater.status });
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 500));
}

async function streams(url: string): Promise<void> {
  const opened: { status: number; destroy(): void }[] = [];
  const open = (localAddress: string) =>
    new Promise<{ status: number; destroy(): void }>((resolve) => {
      const req = httpRequest(url + '/api/stream', { localAddress }, (res) => {
        resolve({ status: res.statusCode ?? 0, destroy: () => req.destroy() });
        res.resume();
      });
      req.on('error', () => resolve({ status: 0, destroy: () => {} }));
      req.end();
    });
  for (let i = 0; i < 40; i++) opened.push(await open('127.0.0.1'));
  const other = await open('127.0.0.2');
  rows.push({ attack: 'one client opens 40 live streams', acceptedForIt: opened.filter((s) => s.status === 200).length, anotherClientStatus: other.status });
  for (const s of [...opened, other]) s.destroy();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function profiles(url: string, dir: string): Promise<void> {
  const base = { type: 'profile_set_once', distinct_id: 'proto-user', identities: { $identity_cookie_id: 'proto-user' }, time: Date.now() };
  const body = form(JSON.stringify([{ ...base, properties: { toString: 'a', valueOf: 'b', hasOwnProperty: 'c', plan: 'free' }, _track_id: trackId++ }]), false);
  const reply = await send(url + '/sa', { method: 'POST', headers: FORM, body });
  const db = new Database(join(dir, 'collector.sqlite'), { readonly: true });
  const profile = db.prepare("SELECT profile FROM users u JOIN identity_links l ON l.user_id = u.id WHERE l.value = 'proto-user'").pluck().get() as string | undefined;
  db.close();
  rows.push({ attack: 'profile_set_once {toString, valueOf, hasOwnProperty, plan}', status: reply.status, storedProfile: profile });
}

async function viewerAndSensors(url: string): Promise<void> {
  const page = await send(url + '/');
  rows.push({
    attack: 'viewer page headers',
    csp: page.headers['content-security-policy'] ?? 'none',
    nosniff: page.headers['x-content-type-options'] ?? 'none',
  });
  const data = encodeURIComponent(Buffer.from(JSON.stringify(event())).toString('base64'));
  const gif = await send(url + '/sa.gif?data=' + data);
  rows.push({ attack: 'GET /sa.gif?data= (Sensors SDK path)', status: gif.status });
  const item = { type: 'item_set', item_type: 'book', item_id: 'b-1', properties: { title: 'Dune' }, lib: { $lib: 'js' }, time: Date.now() };
  const itemReply = await send(url + '/sa', { method: 'POST', headers: FORM, body: form(JSON.stringify([item]), false) });
  rows.push({ attack: 'item_set (Sensors item)', status: itemReply.status, answer: itemReply.text.slice(0, 160) });
}

const startedAt = new Date().toISOString();
await bomb(1_000_000);
if (!process.env.SKIP_BIG_BOMB) await bomb(8_000_000);
await flood();
await withCollector(async (url, dir) => {
  await rebinding(url);
  await malformed(url);
  await profiles(url, dir);
  await viewerAndSensors(url);
  await streams(url);
  await connections(url);
  await slowClients(url);
});
const result = { label, startedAt, loadAverage: loadavg().map((n) => +n.toFixed(2)), rows };
writeFileSync(join('bench/results', 'collector-attacks-' + label + '.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
