import { clock, el, replaceChildren, short, svg } from './dom.js';

/** The graph draws at most this many IDs; the table below lists up to MAX_ROWS. */
const MAX_NODES = 12;
/** Rows of the ID table and entries of the profile shown; the rest are counted. */
const MAX_ROWS = 200;
const WIDTH = 420;
const HEIGHT = 250;

/**
 * Shows a user: the identity graph (the user in the middle, each linked ID around it with the
 * event that linked it), the ID table and the profile. `onFilter(userId)` narrows the event
 * list to this user.
 *
 * @example showUser(section, await getJson('/api/users/3'), (id) => setUserFilter(id));
 */
export function showUser(section, user, onFilter) {
  if (!user) {
    replaceChildren(section, el('h2', {}, 'User'), el('p', { class: 'empty' }, 'No such user.'));
    return;
  }
  const login = user.identities.find((link) => link.key === '$identity_login_id');
  replaceChildren(
    section,
    el('h2', {}, 'User #' + user.id + ' ', el('small', {}, login ? 'login ' + login.value : 'anonymous')),
    el(
      'p',
      { class: 'meta' },
      user.eventCount + ' events · first seen ' + clock(user.created_at) + (user.lastSeen ? ' · last ' + clock(user.lastSeen) : ''),
      user.mergedFrom ? ' · user #' + user.mergedFrom + ' was merged into this one' : '',
      ' ',
      el('button', { type: 'button', class: 'link', onclick: () => onFilter(user.id) }, 'show only these events'),
    ),
    graph(user),
    el(
      'table',
      { class: 'ids' },
      el('thead', {}, el('tr', {}, el('th', {}, 'ID key'), el('th', {}, 'value'), el('th', {}, 'linked by'))),
      el('tbody', {}, user.identities.slice(0, MAX_ROWS).map((link) => el('tr', {}, el('td', {}, link.key), el('td', { title: link.value }, link.value), el('td', {}, link.linked_by)))),
    ),
    moreThan(user.identities.length, 'IDs'),
    el('h2', { class: 'profile-title' }, 'Profile'),
    profile(user.profile),
    user.segments?.length ? [el('h2', { class: 'profile-title' }, 'Segments'), segmentList(user.segments)] : null,
  );
}

/** The clusters the user is in and the tags it holds (seed 003), as of their last refresh. */
function segmentList(segments) {
  return el(
    'ul',
    { class: 'segments' },
    segments.map((s) => el('li', { title: s.clusterName }, (s.clusterCatalog === 'catalog_tag' ? 'tag ' : 'cluster ') + s.displayName + (s.tagValue === null ? '' : ' = ' + s.tagValue))),
  );
}

function graph(user) {
  const cx = WIDTH / 2;
  const cy = HEIGHT / 2;
  const links = user.identities.slice(0, MAX_NODES);
  const nodes = links.map((link, i) => {
    const angle = (i / links.length) * 2 * Math.PI - Math.PI / 2;
    return { link, x: cx + Math.cos(angle) * 120, y: cy + Math.sin(angle) * 88 };
  });
  return svg(
    'svg',
    { class: 'graph', viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, role: 'img', 'aria-label': 'Identity graph of user ' + user.id },
    nodes.map(({ x, y }) => svg('line', { class: 'edge', x1: cx, y1: cy, x2: x, y2: y })),
    nodes.map(({ link, x, y }) =>
      svg('text', { class: 'edge-label', x: (cx + x) / 2, y: (cy + y) / 2 - 3, 'text-anchor': 'middle' }, link.linked_by),
    ),
    svg('g', { class: 'user' }, svg('circle', { cx, cy, r: 26 }), svg('text', { x: cx, y: cy + 4, 'text-anchor': 'middle' }, '#' + user.id)),
    nodes.map(({ link, x, y }) =>
      svg(
        'g',
        { class: 'id ' + kind(link.key) },
        svg('title', {}, link.key + ' = ' + link.value),
        svg('circle', { cx: x, cy: y, r: 7 }),
        svg('text', { x, y: y + (y < cy ? -11 : 20), 'text-anchor': 'middle' }, link.key.replace('$identity_', '') + ': ' + short(link.value, 14)),
      ),
    ),
    user.identities.length > MAX_NODES ? svg('text', { x: 8, y: HEIGHT - 8 }, '+' + (user.identities.length - MAX_NODES) + ' more IDs') : null,
  );
}

function kind(key) {
  if (key === '$identity_login_id') return 'login';
  return key === '$identity_cookie_id' || key === '$identity_anonymous_id' ? 'anonymous' : 'custom';
}

function profile(properties) {
  const keys = Object.keys(properties);
  if (!keys.length) return el('p', { class: 'empty' }, 'No profile properties.');
  return [
    el(
      'dl',
      { class: 'profile' },
      keys.slice(0, MAX_ROWS).flatMap((key) => [el('dt', {}, key), el('dd', {}, typeof properties[key] === 'string' ? properties[key] : JSON.stringify(properties[key]))]),
    ),
    moreThan(keys.length, 'properties'),
  ];
}

function moreThan(count, what) {
  return count > MAX_ROWS ? el('p', { class: 'meta more' }, '… and ' + (count - MAX_ROWS) + ' more ' + what) : null;
}
