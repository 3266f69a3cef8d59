import { el, getJson, replaceChildren, withToken } from './dom.js';
import { explainLinks, showEvent } from './event-detail.js';
import { createEventList } from './event-list.js';
import { RANGES, showInsights } from './insights.js';
import { createRejectList } from './rejects.js';
import { createSegmentsPage, segmentOptions } from './segments.js';
import { showUser } from './user-panel.js';

// The live viewer: loads the newest events through the JSON API, then follows the
// server-sent-events stream. Filters narrow both the loaded list and the live rows.

const $ = (id) => document.getElementById(id);
// `identity`: an ID typed into "Find an ID" that no user holds (yet): it matches no event until one does.
const filters = { event: '', user: '', segment: '', search: '', identity: '' };
let shownUser = '';
/** Rows of one page of the list (the live page keeps up to 300 as events arrive). */
const PAGE_ROWS = 200;
// Paging: `cursor` is the `before` of the page shown (null: the newest page, which is live),
// `newerCursors` the cursors of the pages before it, `nextCursor` where the older page starts.
let cursor = null;
let newerCursors = [];
let nextCursor = null;
let paused = false;
/** Live events that arrived while the list was paused or paged back. */
let missed = 0;
/** Answers to older requests are dropped: a slow answer must not replace a newer filter's rows. */
let loadSeq = 0;
const list = createEventList($('event-rows'), $('feed-empty'), select);
const rejects = createRejectList($('reject-rows'), $('rejects-empty'));
const segments = createSegmentsPage($('segment-rows'), $('segments-empty'), (value, label) => {
  filters.segment = value;
  ensureOption($('filter-segment'), value, label);
  $('filter-segment').value = value;
  location.hash = '#events';
  goTo(null, []);
});

async function select(summary) {
  const detail = await getJson('/api/events/' + summary.id);
  showEvent($('event-detail'), detail);
  await Promise.all([explainLinks($('event-detail'), detail, (value) => getJson('/api/users?identity=' + encodeURIComponent(value))), openUser(String(summary.user_id))]);
}

async function openUser(id) {
  shownUser = id;
  showUser($('user-detail'), await getJson('/api/users/' + id), (userId) => setUserFilter(String(userId)));
}

function setUserFilter(id) {
  filters.user = id;
  filters.identity = '';
  ensureOption($('filter-user'), id, 'user #' + id);
  $('filter-user').value = id;
  goTo(null, []);
}

async function reload() {
  const query = new URLSearchParams({ limit: String(PAGE_ROWS) });
  if (filters.event) query.set('event', filters.event);
  if (filters.user) query.set('user', filters.user);
  else if (filters.identity) query.set('identity', filters.identity);
  if (filters.search) query.set('search', filters.search);
  if (filters.segment) {
    // "<clusterId>" or "<clusterId>:<tagValue>"
    const at = filters.segment.indexOf(':');
    query.set('cluster', at < 0 ? filters.segment : filters.segment.slice(0, at));
    if (at >= 0) query.set('tagValue', filters.segment.slice(at + 1));
  }
  if (cursor !== null) query.set('before', String(cursor));
  const seq = ++loadSeq;
  const page = await getJson('/api/event-page?' + query);
  if (seq !== loadSeq) return;
  list.show(page?.events ?? []);
  nextCursor = page?.next ?? null;
  // The newest page, freshly read, holds whatever had been counted as not shown.
  if (cursor === null) missed = 0;
  const segmentLabel = filters.segment && $('filter-segment').selectedOptions[0]?.textContent;
  $('feed-note').textContent = [
    filters.event && 'event ' + filters.event,
    filters.user && 'user #' + filters.user,
    !filters.user && filters.identity && 'ID ' + filters.identity + ' (no user holds it yet)',
    segmentLabel,
    filters.search && 'matching “' + filters.search + '”',
  ]
    .filter(Boolean)
    .join(', ');
  updatePager();
}

/** The list follows the stream only on its newest page and when not paused. */
const following = () => !paused && cursor === null;

function updatePager() {
  $('page-newest').disabled = $('page-newer').disabled = cursor === null;
  $('page-older').disabled = nextCursor === null;
  $('pause').textContent = paused ? 'Resume' : 'Pause';
  $('pause').setAttribute('aria-pressed', String(paused));
  const waiting = missed ? ' · ' + missed + ' new event' + (missed === 1 ? '' : 's') + ' not shown' : '';
  const where = cursor === null ? '' : 'older events (page ' + (newerCursors.length + 1) + ')';
  $('feed-status').textContent = [paused ? 'paused' : '', where].filter(Boolean).join(', ') + (paused || cursor !== null ? waiting : '');
}

function goTo(newCursor, stack) {
  cursor = newCursor;
  newerCursors = stack;
  if (following()) missed = 0;
  void reload();
}

// Segment membership is known to the server only: with a segment filter the list reloads instead.
const matches = (summary) => (!filters.event || summary.event === filters.event) && (!filters.user || String(summary.user_id) === filters.user);
/** Filters only the server can apply (segment members, property search, an ID not yet held). */
const serverFiltered = () => filters.segment || filters.search || (!filters.user && filters.identity);

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
  scheduleInsights();
}

// The chart reads up to 100,000 events: while events flow, at most every 2 s per minute, every
// 10 s per hour and every 30 s per day (a step that long hardly moves), and not while paused.
const INSIGHT_PERIOD_MS = { minute: 2000, hour: 10_000, day: 30_000 };
let insightsTimer;
let insightsDue = false;
function scheduleInsights() {
  if (paused) return;
  if (insightsTimer) {
    insightsDue = true;
    return;
  }
  void refreshInsights();
  insightsTimer = setTimeout(() => {
    insightsTimer = undefined;
    if (insightsDue) {
      insightsDue = false;
      scheduleInsights();
    }
  }, INSIGHT_PERIOD_MS[$('insight-range').value] ?? 2000);
}

async function refreshInsights() {
  const range = RANGES[$('insight-range').value] ?? RANGES.minute;
  const query = new URLSearchParams({ unit: range.unit, buckets: String(range.buckets), tz: String(-new Date().getTimezoneOffset()), top: '8' });
  if (filters.event) query.set('event', filters.event);
  const parts = { summary: $('insight-summary'), chart: $('chart'), legend: $('chart-legend'), pages: $('top-page-rows'), events: $('top-event-rows'), users: $('top-user-rows') };
  showInsights(parts, await getJson('/api/insights?' + query), {
    event: (name) => {
      filters.event = name;
      ensureOption($('filter-event'), name, name);
      $('filter-event').value = name;
      goTo(null, []);
      void refreshInsights();
    },
    user: (id) => {
      setUserFilter(String(id));
      void openUser(String(id));
    },
    page: (path) => {
      filters.search = (path.startsWith('/') ? '$url_path=' : '$url=') + path;
      $('filter-search').value = filters.search;
      goTo(null, []);
    },
  });
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

let loadedOnce = false;
function connect() {
  const source = new EventSource(withToken('/api/stream'));
  const status = $('connection');
  source.addEventListener('open', () => {
    status.textContent = 'live';
    status.className = 'status live';
    // Catch up on whatever arrived while the stream was down (a paused or older page stays as it is).
    if (following() || !loadedOnce) void reload();
    loadedOnce = true;
    scheduleRefresh();
  });
  source.addEventListener('error', () => {
    status.textContent = 'reconnecting…';
    status.className = 'status down';
  });
  source.addEventListener('events', (message) => {
    const summaries = JSON.parse(message.data);
    if (!following()) {
      missed += serverFiltered() ? summaries.length : summaries.filter(matches).length;
      updatePager();
    } else if (serverFiltered()) scheduleReload();
    else list.prepend(summaries.filter(matches));
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
  goTo(null, []);
  void refreshInsights();
});
$('filter-segment').addEventListener('change', (e) => {
  filters.segment = e.target.value;
  goTo(null, []);
});
$('filter-user').addEventListener('change', (e) => {
  filters.user = e.target.value;
  filters.identity = '';
  if (filters.user) void openUser(filters.user);
  goTo(null, []);
});
// Enter in the only text field would submit (and reload) the page; the search runs on change.
$('filters').addEventListener('submit', (e) => e.preventDefault());
$('find-id').addEventListener('change', async (e) => {
  const value = e.target.value.trim();
  if (!value) return;
  const [user] = (await getJson('/api/users?identity=' + encodeURIComponent(value))) ?? [];
  if (user) {
    filters.identity = '';
    setUserFilter(String(user.id));
    await openUser(String(user.id));
    return;
  }
  // No user holds it: the previous user filter goes, and the list shows the events of this ID (none yet).
  filters.user = '';
  $('filter-user').value = '';
  filters.identity = value;
  shownUser = '';
  replaceChildren($('user-detail'), el('h2', {}, 'User'), el('p', { class: 'empty' }, 'No user holds the ID ' + value + '. Its events will show here when they arrive.'));
  goTo(null, []);
});
$('filter-search').addEventListener('change', (e) => {
  filters.search = e.target.value.trim();
  goTo(null, []);
});
$('clear-filters').addEventListener('click', () => {
  filters.event = filters.user = filters.segment = filters.search = filters.identity = '';
  $('filter-event').value = $('filter-user').value = $('filter-segment').value = $('find-id').value = $('filter-search').value = '';
  goTo(null, []);
  void refreshInsights();
});
$('pause').addEventListener('click', () => {
  paused = !paused;
  if (paused) updatePager();
  // Resuming goes back to the newest, live page.
  else {
    goTo(null, []);
    void refreshInsights();
  }
});
$('page-older').addEventListener('click', () => nextCursor !== null && goTo(nextCursor, [...newerCursors, cursor]));
$('page-newer').addEventListener('click', () => goTo(newerCursors.at(-1) ?? null, newerCursors.slice(0, -1)));
$('page-newest').addEventListener('click', () => goTo(null, []));
$('insight-range').addEventListener('change', () => void refreshInsights());

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
