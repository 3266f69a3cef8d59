import { run, value, type Step } from './database';
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
  moveLinks: 'UPDATE identity_links SET user_id = ? WHERE user_id = ?',
  moveEvents: 'UPDATE events SET user_id = ? WHERE user_id = ?',
  retire: "UPDATE users SET merged_into = ?, profile = '{}' WHERE id = ? OR merged_into = ?",
};

/** The user who holds an ID (any key; a login ID first). */
export const USER_BY_VALUE = `SELECT user_id FROM identity_links WHERE value = ? ORDER BY key = '${LOGIN_KEY}' DESC LIMIT 1`;

/**
 * Creates the identity graph for one write transaction (a fresh one per transaction: a
 * PostgreSQL retry starts again with no merges): a batch's links and its events commit together.
 *
 * @example const graph = createIdentityGraph(); const userId = yield* graph.attribute(event, Date.now());
 */
export function createIdentityGraph(): IdentityGraph {
  const owner = (pair: Pair) => value<number>(SQL.owner, pair[0], pair[1]);
  const loginOf = (user: number) => value<string>(SQL.loginOf, user);
  const createUser = function* (now: number) {
    return (yield* value<number>(SQL.newUser, now))!;
  };
  const merges: UserMerge[] = [];

  function* readProfile(user: number): Step<Record<string, unknown>> {
    return JSON.parse((yield* value<string>(SQL.profile, user)) ?? '{}') as Record<string, unknown>;
  }

  function* writeProfile(user: number, profile: Record<string, unknown>): Step<void> {
    yield* run(SQL.setProfile, JSON.stringify(profile), user);
  }

  function* merge(absorbed: number, into: number): Step<void> {
    yield* writeProfile(into, mergeProfiles(yield* readProfile(into), yield* readProfile(absorbed)));
    yield* run(SQL.moveLinks, into, absorbed);
    yield* run(SQL.moveEvents, into, absorbed);
    yield* run(SQL.retire, into, absorbed, absorbed);
    merges.push({ from: absorbed, into });
  }

  function* attribute(event: ValidEvent, now: number): Step<number> {
    const by = event.event ?? event.type;
    if (event.type === 'track_id_unbind') {
      const user = (yield* value<number>(USER_BY_VALUE, event.distinct_id)) ?? (yield* createUser(now));
      for (const [key, id] of Object.entries(event.identities)) yield* run(SQL.unlink, key, id, user);
      return user;
    }
    const pairs = pairsOf(event);
    const login = pairs.find(([key]) => key === LOGIN_KEY);
    let user = login && (yield* owner(login));
    if (user === undefined) {
      let known: number | undefined;
      for (const pair of pairs) if ((known = yield* owner(pair)) !== undefined) break;
      // An unknown login ID cannot join a user who already has another login: it is a new person.
      user = known !== undefined && !(login && (yield* loginOf(known))) ? known : yield* createUser(now);
    }
    // Identity events ($SignUp, $BindID) join every user they name; other events only add IDs
    // nobody holds yet, so a stray event never merges two people.
    const joins = event.type === 'track_signup' || event.type === 'track_id_bind';
    for (const pair of pairs) {
      const holder = yield* owner(pair);
      if (holder === undefined) yield* run(SQL.link, pair[0], pair[1], user, by, now);
      else if (holder !== user && joins && !(yield* loginOf(holder))) yield* merge(holder, user);
    }
    return user;
  }

  return { attribute, readProfile, writeProfile, merges };
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
