import { el, replaceChildren, short, svg } from './dom.js';

// The Activity panel: events over time (one line per event name) and the top pages, events and
// users of the same window, from /api/insights. Drawn as plain SVG rather than with a charting
// library: the viewer has no build step and its CSP loads scripts from the collector only, so a
// library would be one more vendored file of 40-200 KB for what is ~100 lines here (a few lines
// of at most 120 points, a legend and two axes).

/** The chart is drawn at its box's width (so text keeps its size); this tall. */
const HEIGHT = 190;
const DEFAULT_WIDTH = 720;
const PAD = { left: 36, right: 10, top: 10, bottom: 22 };

/** The choices of the range select: a unit and how many of them. */
export const RANGES = {
  minute: { unit: 'minute', buckets: 60, label: 'last hour, per minute' },
  hour: { unit: 'hour', buckets: 48, label: 'last 48 hours, per hour' },
  day: { unit: 'day', buckets: 30, label: 'last 30 days, per day' },
};

/**
 * Renders an insights answer into the panel's parts. `on` holds what a click does:
 * `event(name)`, `user(id)`, `page(path)` (each narrows the event list).
 *
 * @example showInsights({ chart, legend, summary, pages, events, users }, await getJson('/api/insights?unit=minute'), on);
 */
export function showInsights(parts, data, on) {
  if (!data) return;
  const people = data.users === 1 ? '1 user' : data.users + ' users';
  parts.summary.textContent = data.events + ' events · ' + people + (data.capped ? ' (counted over the newest 100,000 events)' : '');
  replaceChildren(parts.chart, chart(data, Math.max(280, Math.round(parts.chart.clientWidth) || DEFAULT_WIDTH)));
  replaceChildren(
    parts.legend,
    data.series.map((line, i) => el('li', {}, el('span', { class: 'swatch s' + i }), (line.event ?? 'other events') + ' (' + line.total + ')')),
  );
  replaceChildren(
    parts.pages,
    data.topPages.map((page) => el('tr', { onclick: () => on.page(page.path), title: page.path }, el('td', { class: 'name' }, short(page.path, 48)), el('td', { class: 'count' }, page.views), el('td', { class: 'count' }, page.users))),
  );
  replaceChildren(
    parts.events,
    data.topEvents.map((row) => el('tr', { onclick: () => on.event(row.event) }, el('td', { class: 'name' }, row.event), el('td', { class: 'count' }, row.count), el('td', { class: 'count' }, row.users))),
  );
  replaceChildren(
    parts.users,
    data.topUsers.map((user) =>
      el('tr', { onclick: () => on.user(user.id) }, el('td', { class: 'name' }, '#' + user.id + ' · ' + (user.login ?? 'anonymous')), el('td', { class: 'count' }, user.events), el('td', {}, ago(user.lastSeen))),
    ),
  );
  for (const [list, empty] of [[parts.pages, 'No page views in this range.'], [parts.events, 'No events in this range.'], [parts.users, 'No users in this range.']]) {
    if (!list.rows.length) list.append(el('tr', { class: 'none' }, el('td', { colspan: 3, class: 'empty' }, empty)));
  }
}

function chart(data, WIDTH) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const peak = niceCeiling(Math.max(1, ...data.series.flatMap((line) => line.counts)));
  const steps = data.buckets.length;
  const x = (i) => PAD.left + (steps === 1 ? plotW / 2 : (i / (steps - 1)) * plotW);
  const y = (n) => PAD.top + plotH - (n / peak) * plotH;
  const ticks = [0, peak / 2, peak].filter(Number.isInteger);
  const labelEvery = Math.max(1, Math.ceil(steps / Math.max(2, Math.floor(plotW / 90))));
  return svg(
    'svg',
    { class: 'chart', viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, role: 'img', 'aria-label': 'Events per ' + data.unit },
    ticks.map((n) => [
      svg('line', { class: 'grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(n), y2: y(n) }),
      svg('text', { class: 'axis', x: PAD.left - 6, y: y(n) + 4, 'text-anchor': 'end' }, String(n)),
    ]),
    data.buckets.map((start, i) =>
      i % labelEvery === 0 ? svg('text', { class: 'axis', x: x(i), y: HEIGHT - 6, 'text-anchor': i === 0 ? 'start' : i === steps - 1 ? 'end' : 'middle' }, stepLabel(start, data.unit)) : null,
    ),
    data.series.map((line, s) =>
      svg(
        'g',
        { class: 'series s' + s, 'data-event': line.event ?? '' },
        svg('polyline', { points: line.counts.map((n, i) => x(i).toFixed(1) + ',' + y(n).toFixed(1)).join(' ') }),
        // A point where something happened, with its count on hover.
        line.counts.map((n, i) =>
          n > 0
            ? svg('circle', { class: 'point', cx: x(i).toFixed(1), cy: y(n).toFixed(1), r: 3, 'data-count': n, 'data-start': data.buckets[i] }, svg('title', {}, stepLabel(data.buckets[i], data.unit) + ' · ' + (line.event ?? 'other events') + ': ' + n))
            : null,
        ),
      ),
    ),
  );
}

/** 1, 2, 5 × 10ⁿ at or above `n`, so the axis reads in round numbers. */
function niceCeiling(n) {
  const power = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= n);
}

function stepLabel(ms, unit) {
  const date = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  if (unit === 'day') return pad(date.getMonth() + 1) + '-' + pad(date.getDate());
  return pad(date.getHours()) + ':' + pad(date.getMinutes());
}

function ago(ms) {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) return seconds + ' s ago';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.round(seconds / 3600) + ' h ago';
  return Math.round(seconds / 86400) + ' d ago';
}
