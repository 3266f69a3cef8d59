import type { Database } from 'better-sqlite3';
import { mergeProfiles } from './profile-ops';
import type { ValidEvent } from './validate';

export const LOGIN_KEY = '$identity_login_id';
const ANONYMOUS_KEY = '$identity_anonymous_id';
const COOKIE_KEY = '$identity_cookie_id';

type Pair = [key: string, value: string];

/** Stitches events to users; see "Identity rules" in demo/collector/README.md. */
export interface IdentityGraph {
  /** Links the event's IDs as its type asks and returns the user it belongs to. */
  attribute(event: ValidEvent, now: number): number;
  /** The profile of a user, for the profile operations. */
  readProfile(userId: number): Record<string, unknown>;
  writeProfile(userId: number, profile: Record<string, unknown>): void;
  /** The merges made since the last call (absorbed user `from`, surviving user `into`), oldest first. */
  takeMerges(): UserMerge[];
}

/** One user absorbed into another: every event and ID of `from` now belongs to `into`. */
export interface UserMerge {
  from: number;
  into: number;
}

/**
 * Creates the identity graph over the collector's database. Call inside the ingest
 * transaction: a batch's links and its events commit together.
 *
 * @example const userId = createIdentityGraph(db).attribute(event, Date.now());
 */
export function createIdentityGraph(db: Database): IdentityGraph {
  const q = {
    owner: db.prepare<[string, string], number>('SELECT user_id FROM identity_links WHERE key = ? AND value = ?').pluck(),
    byValue: db.prepare<[string], number>(`SELECT user_id FROM identity_links WHERE value = ? ORDER BY key = '${LOGIN_KEY}' DESC LIMIT 1`).pluck(),
    loginOf: db.prepare<[number], string>(`SELECT value FROM identity_links WHERE user_id = ? AND key = '${LOGIN_KEY}'`).pluck(),
    newUser: db.prepare<[number]>('INSERT INTO users (created_at) VALUES (?)'),
    link: db.prepare<[string, string, number, string, number]>('INSERT OR IGNORE INTO identity_links VALUES (?, ?, ?, ?, ?)'),
    unlink: db.prepare<[string, string, number]>('DELETE FROM identity_links WHERE key = ? AND value = ? AND user_id = ?'),
    profile: db.prepare<[number], string>('SELECT profile FROM users WHERE id = ?').pluck(),
    setProfile: db.prepare<[string, number]>('UPDATE users SET profile = ? WHERE id = ?'),
    moveLinks: db.prepare<[number, number]>('UPDATE identity_links SET user_id = ? WHERE user_id = ?'),
    moveEvents: db.prepare<[number, number]>('UPDATE events SET user_id = ? WHERE user_id = ?'),
    retire: db.prepare<[number, number, number]>('UPDATE users SET merged_into = ?, profile = \'{}\' WHERE id = ? OR merged_into = ?'),
  };
  const readProfile = (user: number) => JSON.parse(q.profile.get(user) ?? '{}') as Record<string, unknown>;
  const writeProfile = (user: number, profile: Record<string, unknown>) => void q.setProfile.run(JSON.stringify(profile), user);
  const createUser = (now: number) => Number(q.newUser.run(now).lastInsertRowid);
  let merges: UserMerge[] = [];

  function merge(absorbed: number, into: number): void {
    writeProfile(into, mergeProfiles(readProfile(into), readProfile(absorbed)));
    q.moveLinks.run(into, absorbed);
    q.moveEvents.run(into, absorbed);
    q.retire.run(into, absorbed, absorbed);
    merges.push({ from: absorbed, into });
  }

  function attribute(event: ValidEvent, now: number): number {
    const by = event.event ?? event.type;
    if (event.type === 'track_id_unbind') {
      const user = q.byValue.get(event.distinct_id) ?? createUser(now);
      for (const [key, value] of Object.entries(event.identities)) q.unlink.run(key, value, user);
      return user;
    }
    const pairs = pairsOf(event);
    const login = pairs.find(([key]) => key === LOGIN_KEY);
    let user = login && q.owner.get(...login);
    if (user === undefined) {
      const known = pairs.map((pair) => q.owner.get(...pair)).find((owner) => owner !== undefined);
      // An unknown login ID cannot join a user who already has another login: it is a new person.
      user = known !== undefined && !(login && q.loginOf.get(known)) ? known : createUser(now);
    }
    // Identity events ($SignUp, $BindID) join every user they name; other events only add IDs
    // nobody holds yet, so a stray event never merges two people.
    const joins = event.type === 'track_signup' || event.type === 'track_id_bind';
    for (const pair of pairs) {
      const owner = q.owner.get(...pair);
      if (owner === undefined) q.link.run(pair[0], pair[1], user, by, now);
      else if (owner !== user && joins && !q.loginOf.get(owner)) merge(owner, user);
    }
    return user;
  }

  function takeMerges(): UserMerge[] {
    const taken = merges;
    merges = [];
    return taken;
  }

  return { attribute, readProfile, writeProfile, takeMerges };
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
