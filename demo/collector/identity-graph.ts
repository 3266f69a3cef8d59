import { all, dialect, get, run, value, type Step } from './database';
import { mergeProfiles } from './profile-ops';
import type { ValidEvent } from './validate';

export const LOGIN_KEY = '$identity_login_id';
const ANONYMOUS_KEY = '$identity_anonymous_id';
const COOKIE_KEY = '$identity_cookie_id';

type Pair = [key: string, value: string];

/** Stitches events to users; see "Identity rules" in demo/collector/README.md. */
export interface IdentityGraph {
  /** Links the event's IDs as its type asks and returns the user it belongs to. */
  attribute(event: ValidEvent, now: number): Step<number>;
  /** The profile of a user, for the profile operations. */
  readProfile(userId: number): Step<Record<string, unknown>>;
  writeProfile(userId: number, profile: Record<string, unknown>): Step<void>;
  /** The merges made so far (absorbed user `from`, surviving user `into`), oldest first. */
  readonly merges: readonly UserMerge[];
  /** Reads the holders of these IDs, and their login IDs, in two statements (PostgreSQL: one round trip each instead of one per ID). */
  prefetch(pairs: Pair[]): Step<void>;
}

/** One user absorbed into another: every event and ID of `from` now belongs to `into`. */
export interface UserMerge {
  from: number;
  into: number;
}

const SQL = {
  owner: 'SELECT user_id FROM identity_links WHERE key = ? AND value = ?',
  loginOf: `SELECT value FROM identity_links WHERE user_id = ? AND key = '${LOGIN_KEY}'`,
  newUser: 'INSERT INTO users (created_at) VALUES (?) RETURNING id',
  link: 'INSERT INTO identity_links VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  unlink: 'DELETE FROM identity_links WHERE key = ? AND value = ? AND user_id = ?',
  profile: 'SELECT profile FROM users WHERE id = ?',
  setProfile: 'UPDATE users SET profile = ? WHERE id = ?',
  // A moved ID now belongs to its user because of the identity event that merged them: that
  // event becomes its `linked_by` (the viewer reads "linked by $SignUp", not the $pageview that
  // first linked it to the absorbed user).
  moveLinks: 'UPDATE identity_links SET user_id = ?, linked_by = ?, linked_at = ? WHERE user_id = ?',
  moveEvents: 'UPDATE events SET user_id = ? WHERE user_id = ?',
  retire: "UPDATE users SET merged_into = ?, profile = '{}' WHERE id = ? OR merged_into = ?",
  lockUser: 'SELECT merged_into FROM users WHERE id = ? FOR NO KEY UPDATE',
  ownersOf: 'SELECT key, value, user_id FROM identity_links WHERE (key, value) IN (SELECT * FROM unnest(?::text[], ?::text[]))',
  loginsOf: `SELECT user_id, value FROM identity_links WHERE key = '${LOGIN_KEY}' AND user_id = ANY(?::bigint[])`,
};

/** The user who holds an ID (any key; a login ID first). */
export const USER_BY_VALUE = `SELECT user_id FROM identity_links WHERE value = ? ORDER BY key = '${LOGIN_KEY}' DESC LIMIT 1`;

/**
 * Creates the identity graph for one write transaction (a fresh one per transaction: a
 * PostgreSQL retry starts again with no merges): a batch's links and its events commit together.
 *
 * With several collectors (PostgreSQL) every user the graph is about to use is locked first
 * (`FOR NO KEY UPDATE`) and, when another collector merged it meanwhile, replaced by the user
 * it went into: an event is never filed under a user that a concurrent merge retired, and a
 * profile is read and written under its lock (no lost increment). The IDs themselves are
 * locked by the caller (store.ts) before the batch starts, so two collectors never both create
 * a user for the same new ID. SQLite has one writer at a time and skips all of this.
 *
 * @example const graph = createIdentityGraph(); const userId = yield* graph.attribute(event, Date.now());
 */
export function createIdentityGraph(): IdentityGraph {
  // What this transaction read or wrote, so that a batch of one browser's events asks once:
  // nothing else can change these meanwhile (one writer on SQLite; on PostgreSQL the batch holds
  // the locks of its IDs, and of each user once resolved).
  const owners = new Map<string, number | undefined>();
  const logins = new Map<number, string | undefined>();
  const profiles = new Map<number, Record<string, unknown>>();
  const pairKey = (pair: Pair) => pair[0] + '\0' + pair[1];
  function* owner(pair: Pair): Step<number | undefined> {
    const key = pairKey(pair);
    if (!owners.has(key)) owners.set(key, yield* value<number>(SQL.owner, pair[0], pair[1]));
    return owners.get(key);
  }
  function* loginOf(user: number): Step<string | undefined> {
    if (!logins.has(user)) logins.set(user, yield* value<string>(SQL.loginOf, user));
    return logins.get(user);
  }
  function* link(pair: Pair, user: number, by: string, now: number): Step<void> {
    yield* run(SQL.link, pair[0], pair[1], user, by, now);
    owners.set(pairKey(pair), user);
    if (pair[0] === LOGIN_KEY) logins.set(user, pair[1]);
  }
  function* unlink(pair: Pair, user: number): Step<void> {
    yield* run(SQL.unlink, pair[0], pair[1], user);
    owners.delete(pairKey(pair));
    logins.delete(user);
  }
  const createUser = function* (now: number) {
    const user = (yield* value<number>(SQL.newUser, now))!;
    logins.set(user, undefined);
    profiles.set(user, {});
    // A row this transaction made: nobody else sees it before the commit.
    locked.add(user);
    return user;
  };
  const merges: UserMerge[] = [];
  let locking: boolean | undefined;
  const locked = new Set<number>();

  /** The user itself, locked, or the user it was merged into (PostgreSQL); as is on SQLite. */
  function* resolve(user: number): Step<number> {
    locking ??= (yield* dialect()) === 'postgres';
    if (!locking) return user;
    for (let hops = 0; hops < 4 && !locked.has(user); hops++) {
      const row = yield* get<{ merged_into: number | null }>(SQL.lockUser, user);
      if (!row || row.merged_into === null) {
        locked.add(user);
        // What was read before the lock may be stale (another collector may have given it a
        // login meanwhile, holding this lock): read it again under the lock.
        logins.delete(user);
        break;
      }
      user = row.merged_into;
    }
    return user;
  }

  function* readProfile(user: number): Step<Record<string, unknown>> {
    if (!profiles.has(user)) profiles.set(user, JSON.parse((yield* value<string>(SQL.profile, user)) ?? '{}') as Record<string, unknown>);
    return profiles.get(user)!;
  }

  function* writeProfile(user: number, profile: Record<string, unknown>): Step<void> {
    yield* run(SQL.setProfile, JSON.stringify(profile), user);
    profiles.set(user, profile);
  }

  function* merge(absorbed: number, into: number, by: string, now: number): Step<void> {
    yield* writeProfile(into, mergeProfiles(yield* readProfile(into), yield* readProfile(absorbed)));
    yield* run(SQL.moveLinks, into, by, now, absorbed);
    yield* run(SQL.moveEvents, into, absorbed);
    yield* run(SQL.retire, into, absorbed, absorbed);
    for (const [key, holder] of owners) if (holder === absorbed) owners.set(key, into);
    logins.delete(absorbed);
    profiles.set(absorbed, {});
    locked.delete(absorbed);
    merges.push({ from: absorbed, into });
  }

  function* attribute(event: ValidEvent, now: number): Step<number> {
    const by = event.event ?? event.type;
    if (event.type === 'track_id_unbind') {
      const holder = yield* value<number>(USER_BY_VALUE, event.distinct_id);
      const user = holder === undefined ? yield* createUser(now) : yield* resolve(holder);
      for (const pair of Object.entries(event.identities)) yield* unlink(pair, user);
      return user;
    }
    const pairs = pairsOf(event);
    const login = pairs.find(([key]) => key === LOGIN_KEY);
    let user = login && (yield* owner(login));
    if (user !== undefined) user = yield* resolve(user);
    else {
      let known: number | undefined;
      for (const pair of pairs) if ((known = yield* owner(pair)) !== undefined) break;
      if (known !== undefined) known = yield* resolve(known);
      // An unknown login ID cannot join a user who already has another login: it is a new person.
      user = known !== undefined && !(login && (yield* loginOf(known))) ? known : yield* createUser(now);
    }
    // Identity events ($SignUp, $BindID) join every user they name; other events only add IDs
    // nobody holds yet, so a stray event never merges two people.
    const joins = event.type === 'track_signup' || event.type === 'track_id_bind';
    for (const pair of pairs) {
      let holder = yield* owner(pair);
      if (holder !== undefined) holder = yield* resolve(holder);
      if (holder === undefined) yield* link(pair, user, by, now);
      else if (holder !== user && joins && !(yield* loginOf(holder))) yield* merge(holder, user, by, now);
    }
    return user;
  }

  function* prefetch(pairs: Pair[]): Step<void> {
    const wanted = [...new Map(pairs.map((pair) => [pairKey(pair), pair])).values()].filter((pair) => !owners.has(pairKey(pair)));
    if (!wanted.length) return;
    for (const pair of wanted) owners.set(pairKey(pair), undefined);
    const rows = yield* all<{ key: string; value: string; user_id: number }>(SQL.ownersOf, wanted.map((pair) => pair[0]), wanted.map((pair) => pair[1]));
    for (const row of rows) owners.set(pairKey([row.key, row.value]), row.user_id);
    const users = [...new Set(rows.map((row) => row.user_id))].filter((user) => !logins.has(user));
    if (!users.length) return;
    for (const user of users) logins.set(user, undefined);
    for (const row of yield* all<{ user_id: number; value: string }>(SQL.loginsOf, users)) logins.set(row.user_id, row.value);
  }

  return { attribute, readProfile, writeProfile, merges, prefetch };
}

/**
 * The (key, ID) pairs an event names, most telling first: login, business IDs, anonymous,
 * cookie. `login_id`, a `$SignUp`'s `original_id` (an anonymous ID) and a `distinct_id` that
 * no pair holds (payloads from senders other than tracklet) are added as pairs.
 *
 * @example pairsOf(signup) // [['$identity_login_id', 'u1'], ['$identity_anonymous_id', 'a'], ['$identity_cookie_id', 'c']]
 */
export function pairsOf(event: ValidEvent): Pair[] {
  const pairs: Pair[] = Object.entries(event.identities);
  const has = (value: string) => pairs.some((pair) => pair[1] === value);
  const login = event.type === 'track_signup' ? (event.login_id ?? event.distinct_id) : event.login_id;
  if (login && !pairs.some(([key]) => key === LOGIN_KEY)) pairs.push([LOGIN_KEY, login]);
  if (event.original_id && !has(event.original_id)) pairs.push([ANONYMOUS_KEY, event.original_id]);
  if (!has(event.distinct_id)) pairs.push([ANONYMOUS_KEY, event.distinct_id]);
  const rank = ([key]: Pair) => (key === LOGIN_KEY ? 0 : key === ANONYMOUS_KEY ? 2 : key === COOKIE_KEY ? 3 : 1);
  return pairs.sort((a, b) => rank(a) - rank(b));
}
