import type { Database } from 'better-sqlite3';

/** What `fillClusterData` wrote. */
export interface ClusterData {
  events: number;
  users: number;
  seconds: number;
}

const EVENT_NAMES = ['consume_item', '$pageview', 'addToCart', 'buy', 'fight_success', 'player_register', '$WebClick', 'search'];
// consume_item is a quarter of all events; the rest share the remainder.
const WEIGHTS = [0.25, 0.25, 0.1, 0.05, 0.1, 0.05, 0.15, 0.05];
const WINDOW_START = Date.UTC(2019, 11, 20);
const WINDOW_DAYS = 30;

/**
 * Fills a collector database (its own schema) with `events` track events of `users` users,
 * written straight into the tables in transactions of 100,000 rows, with the events' secondary
 * indexes dropped (the collector re-creates them when it opens the database): ingest speed is measured by
 * `npm run bench:collector`, this measures clusters. Deterministic (a fixed-seed generator):
 * each user has a login ID, a profile `{ user_level: 1..5 }` and about events / users events
 * between 2019-12-20 and 2020-01-19 (UTC), a quarter of them `consume_item`, so the seed's
 * cluster (more than 4 `consume_item` on 2020-01-03..09 and user_level 3) is a few percent.
 *
 * @example fillClusterData(db, 1_000_000, 100_000)
 */
export function fillClusterData(db: Database, events: number, users: number): ClusterData {
  const started = performance.now();
  let seed = 20200103;
  const random = () => {
    // mulberry32: small, fast and good enough to spread test data.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const user = db.prepare('INSERT INTO users (id, profile, created_at) VALUES (?, ?, ?)');
  const link = db.prepare("INSERT INTO identity_links VALUES ('$identity_login_id', ?, ?, '$SignUp', ?)");
  const event = db.prepare("INSERT INTO events (track_id, distinct_id, user_id, type, event, time, received_at, payload) VALUES (?, ?, ?, 'track', ?, ?, ?, ?)");
  const pick = () => {
    let r = random();
    for (let i = 0; i < WEIGHTS.length; i++) if ((r -= WEIGHTS[i]!) < 0) return EVENT_NAMES[i]!;
    return EVENT_NAMES[0]!;
  };
  const inBatches = (total: number, write: (from: number, to: number) => void) => {
    for (let from = 0; from < total; from += 100_000) db.transaction(() => write(from, Math.min(total, from + 100_000)))();
  };
  inBatches(users, (from, to) => {
    for (let id = from + 1; id <= to; id++) {
      user.run(id, JSON.stringify({ user_level: 1 + Math.floor(random() * 5) }), WINDOW_START);
      link.run('user-' + id, id, WINDOW_START);
    }
  });
  // Secondary indexes are built once at the end (the collector's next open re-creates them):
  // much faster than keeping them up to date row by row.
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").pluck().all() as string[];
  for (const name of indexes) db.exec('DROP INDEX ' + name);
  inBatches(events, (from, to) => {
    for (let i = from; i < to; i++) {
      // Users are not equally active: the square skews events towards low ids.
      const userId = 1 + Math.floor(random() ** 2 * users);
      const name = pick();
      const time = WINDOW_START + Math.floor(random() * WINDOW_DAYS * 86_400_000);
      const payload = '{"type":"track","event":"' + name + '","distinct_id":"user-' + userId + '","time":' + time + ',"properties":{"price":' + Math.floor(random() * 100) + '}}';
      event.run(i + 1, 'user-' + userId, userId, name, time, time + 50, payload);
    }
  });
  return { events, users, seconds: Math.round((performance.now() - started) / 10) / 100 };
}
