import { clock, el, replaceChildren } from './dom.js';

/**
 * Shows one stored event: what it is, when it came, and its full payload as received.
 *
 * @example showEvent(section, await getJson('/api/events/12'));
 */
export function showEvent(section, detail) {
  if (!detail) {
    section.dataset.id = '';
    replaceChildren(section, el('h2', {}, 'Payload'), el('p', { class: 'empty' }, 'That event is gone.'));
    return;
  }
  section.dataset.id = String(detail.id);
  replaceChildren(
    section,
    el('h2', {}, 'Payload ', el('small', {}, (detail.event ?? detail.type) + ' #' + detail.id)),
    el('p', { class: 'meta' }, detail.type + ' · _track_id ' + detail.track_id + ' · received ' + clock(detail.received_at) + ' · user #' + detail.user_id),
    el('pre', { id: 'payload' }, JSON.stringify(detail.payload, null, 2)),
  );
}

/**
 * For an identity event ($SignUp, $BindID): the IDs it named that did not join its user, and
 * why. The collector never merges two users who each have a login ID (one person per login),
 * so a browser still holding another account's IDs logs in without joining them.
 * `lookup(value)` resolves the user holding an ID (`/api/users?identity=`).
 *
 * @example await explainLinks(section, detail, (value) => getJson('/api/users?identity=' + value));
 */
export async function explainLinks(section, detail, lookup) {
  if (!detail || (detail.type !== 'track_signup' && detail.type !== 'track_id_bind')) return;
  const payload = detail.payload ?? {};
  const named = Object.entries(payload.identities ?? {}).filter(([, value]) => typeof value === 'string');
  if (typeof payload.original_id === 'string' && !named.some(([, value]) => value === payload.original_id)) named.push(['original_id', payload.original_id]);
  const holders = await Promise.all(named.slice(0, 20).map(async ([key, value]) => ({ key, value, user: ((await lookup(value)) ?? [])[0] })));
  const apart = holders.filter(({ user }) => user && user.id !== detail.user_id);
  // Another row may have been selected while the IDs were looked up.
  if (!apart.length || section.dataset.id !== String(detail.id)) return;
  const loginOf = (user) => user.identities.find((link) => link.key === '$identity_login_id')?.value;
  section.append(
    el(
      'div',
      { class: 'not-linked', role: 'note' },
      el('strong', {}, 'Not linked: '),
      (detail.event ?? detail.type) + ' joined user #' + detail.user_id + ', but ',
      apart.map(({ key, value, user }, i) => [
        i ? '; ' : '',
        el('code', {}, key.replace('$identity_', '') + ' ' + value),
        ' stays with user #' + user.id + (loginOf(user) ? ' (login ' + loginOf(user) + ')' : ''),
      ]),
      '. ',
      apart.some(({ user }) => loginOf(user))
        ? 'A user who already has a login ID is never merged into another: one login is one person. Call logout() before another account logs in on the same browser, so it starts with a fresh anonymous ID.'
        : 'That user was not joined by this event.',
    ),
  );
}
