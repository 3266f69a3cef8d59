import { el, getJson, replaceChildren, withToken } from './dom.js';
import { showEvent } from './event-detail.js';
import { createEventList } from './event-list.js';
import { createRejectList } from './rejects.js';
import { createSegmentsPage, segmentOptions } from './segments.js';
import { showUser } from './user-panel.js';

// The live viewer: loads the newest events through the JSON API, then follows the
// server-sent-events stream. Filters narrow both the loaded list and the live rows.

const $ = (id) => document.getElementById(id);
const filters = { event: '', user: '', segment: '' };
let shownUser = '';
const list = createEventList($('event-rows'), $('feed-empty'), select);
const rejects = createRejectList($('reject-rows'), $('rejects-empty'));
const segments = createSegmentsPage($('segment-rows'), $('segments-empty'), (value, label) => {
  filters.segment = value;
  ensureOption($('filter-segment'), value, label);
  $('filter-segment').value = value;
  location.hash = '#events';
  void reload();
});

async function select(summary) {
  showEvent($('event-detail'), await getJson('/api/events/' + summary.id));
  await openUser(String(summary.user_id));
}

async function openUser(id) {
  shownUser = id;
  showUser($('user-detail'), await getJson('/api/users/' + id), (userId) => setUserFilter(String(userId)));
}

function setUserFilter(id) {
  filters.user = id;
  ensureOption($('filter-user'), id, 'user #' + id);
  $('filter-user').value = id;
  void reload();
}

async function reload() {
  const query = new URLSearchParams({ limit: '200' });
  if (filters.event) query.set('event', filters.event);
  if (filters.user) query.set('user', filters.user);
  if (filters.segment) {
    // "<clusterId>" or "<clusterId>:<tagValue>"
    const at = filters.segment.indexOf(':');
    query.set('cluster', at < 0 ? filters.segment : filters.segment.slice(0, at));
    if (at >= 0) query.set('tagValue', filters.segment.slice(at + 1));
  }
  list.show((await getJson('/api/events?' + query)) ?? []);
  const segmentLabel = filters.segment && $('filter-segment').selectedOptions[0]?.textContent;
  $('feed-note').textContent = [filters.event && 'event ' + filters.event, filters.user && 'user #' + filters.user, segmentLabel].filter(Boolean).join(', ');
}

// Segment membership is known to the server only: with a segment filter the list reloads instead.
const matches = (summary) => (!filters.event || summary.event === filters.event) && (!filters.user || String(summary.user_id) === filters.user);

// Counters and filter options change with every batch; refresh them at most twice a second.
let refreshTimer;
function scheduleRefresh() {
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    void refreshSide();
  }, 500);
}

let reloadTimer;
function scheduleReload() {
  reloadTimer ??= setTimeout(() => {
    reloadTimer = undefined;
    void reload();
  }, 500);
}

async function refreshSide() {
  const [stats, names, users, segmentList] = await Promise.all([getJson('/api/stats'), getJson('/api/event-names'), getJson('/api/users'), getJson('/api/segments')]);
  if (stats) for (const key of ['events', 'users', 'rejects', 'items']) $('stat-' + key).textContent = String(stats[key]);
  if (names) fillSelect($('filter-event'), 'all events', names.map((n) => [n.event, n.event + ' (' + n.count + ')']));
  if (users) fillSelect($('filter-user'), 'all users', users.map((u) => [String(u.id), '#' + u.id + ' · ' + (u.login ?? 'anonymous') + ' (' + u.events + ')']));
  if (segmentList) {
    fillSelect($('filter-segment'), 'all users', segmentOptions(segmentList));
    segments.show(segmentList);
    // A refresh in progress: look again soon, so its percentage moves.
    if (segmentList.some((s) => s.refreshState !== 'idle' && s.refreshState !== 'failed')) scheduleRefresh();
  }
  if (shownUser) await openUser(shownUser);
}

function fillSelect(select, allLabel, options) {
  const value = select.value;
  replaceChildren(select, el('option', { value: '' }, allLabel), options.map(([v, label]) => el('option', { value: v }, label)));
  ensureOption(select, value, value);
  select.value = value;
}

function ensureOption(select, value, label) {
  if (value && ![...select.options].some((option) => option.value === value)) select.append(el('option', { value }, label));
}

function connect() {
  const source = new EventSource(withToken('/api/stream'));
  const status = $('connection');
  source.addEventListener('open', () => {
    status.textContent = 'live';
    status.className = 'status live';
    // Catch up on whatever arrived while the stream was down.
    void reload();
    scheduleRefresh();
  });
  source.addEventListener('error', () => {
    status.textContent = 'reconnecting…';
    status.className = 'status down';
  });
  source.addEventListener('events', (message) => {
    if (filters.segment) scheduleReload();
    else list.prepend(JSON.parse(message.data).filter(matches));
    scheduleRefresh();
  });
  source.addEventListener('merges', (message) => {
    // A login joined two users: the rows already shown move to the surviving user.
    for (const { from, into } of JSON.parse(message.data)) {
      list.relabelUser(from, into);
      if (filters.user === String(from)) setUserFilter(String(into));
      if (shownUser === String(from)) shownUser = String(into);
    }
    scheduleRefresh();
  });
  source.addEventListener('rejects', (message) => {
    rejects.prepend(JSON.parse(message.data));
    scheduleRefresh();
  });
}

$('filter-event').addEventListener('change', (e) => {
  filters.event = e.target.value;
  void reload();
});
$('filter-segment').addEventListener('change', (e) => {
  filters.segment = e.target.value;
  void reload();
});
$('filter-user').addEventListener('change', (e) => {
  filters.user = e.target.value;
  if (filters.user) void openUser(filters.user);
  void reload();
});
// Enter in the only text field would submit (and reload) the page; the search runs on change.
$('filters').addEventListener('submit', (e) => e.preventDefault());
$('find-id').addEventListener('change', async (e) => {
  const value = e.target.value.trim();
  if (!value) return;
  const [user] = (await getJson('/api/users?identity=' + encodeURIComponent(value))) ?? [];
  if (user) {
    setUserFilter(String(user.id));
    await openUser(String(user.id));
  } else replaceChildren($('user-detail'), el('h2', {}, 'User'), el('p', { class: 'empty' }, 'No user holds the ID ' + value + '.'));
});
$('clear-filters').addEventListener('click', () => {
  filters.event = filters.user = filters.segment = '';
  $('filter-event').value = $('filter-user').value = $('filter-segment').value = $('find-id').value = '';
  void reload();
});

// Two pages, Events and Segments, chosen by the URL's hash.
function showPage() {
  const onSegments = location.hash === '#segments';
  $('segments-page').hidden = !onSegments;
  $('events-page').hidden = onSegments;
  $('filters').hidden = onSegments;
  $('nav-segments').classList.toggle('current', onSegments);
  $('nav-events').classList.toggle('current', !onSegments);
}
window.addEventListener('hashchange', showPage);
showPage();

rejects.show((await getJson('/api/rejects')) ?? []);
connect();
// The demo site links here with ?identity=<distinct_id> to open its user.
const wanted = new URLSearchParams(location.search).get('identity');
if (wanted) {
  $('find-id').value = wanted;
  $('find-id').dispatchEvent(new Event('change'));
}
