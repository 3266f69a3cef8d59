import { clock, el, replaceChildren, short } from './dom.js';

/** The table keeps this many rows; older ones scroll out (the API pages further back). */
const MAX_ROWS = 300;

/** "Chrome 131 · Windows 10 · desktop" from a summary's derived fields; empty when none is known. */
function deviceLabel(summary) {
  const major = (version) => (version ? ' ' + String(version).split('.')[0] : '');
  const browser = summary.browser ? summary.browser + major(summary.browser_version) : '';
  const os = summary.os ? summary.os + (summary.os_version ? ' ' + summary.os_version : '') : '';
  return [browser, os, summary.device_type].filter(Boolean).join(' · ');
}

/** The event's own time, with how long before its receipt it happened when that is a second or more. */
function eventTime(summary) {
  const late = summary.received_at - summary.time;
  return clock(summary.time) + (Math.abs(late) >= 1000 ? ' (' + (late > 0 ? '−' : '+') + Math.round(Math.abs(late) / 1000) + ' s)' : '');
}

/**
 * The live event table: `show` replaces the rows, `prepend` adds new events on top (they
 * arrive oldest first), `relabelUser(from, into)` moves the shown rows of a merged user to the
 * user it was merged into, a click selects a row and calls `onSelect(summary)`.
 *
 * @example const list = createEventList(tbody, note, (summary) => showPayload(summary.id));
 */
export function createEventList(tbody, emptyNote, onSelect) {
  let selected;

  function row(summary, fresh) {
    const device = deviceLabel(summary);
    const tr = el(
      'tr',
      { 'data-id': summary.id, 'data-event': summary.event ?? summary.type, 'data-user': summary.user_id, class: fresh ? 'fresh' : undefined },
      el('td', { title: new Date(summary.received_at).toISOString() }, clock(summary.received_at)),
      el('td', { class: 'event-time', title: new Date(summary.time).toISOString() }, eventTime(summary)),
      el('td', {}, summary.event ?? '—'),
      el('td', {}, el('span', { class: 'tag ' + summary.type }, summary.type)),
      el('td', { class: 'path', title: summary.path ?? undefined }, summary.path ? short(summary.path, 40) : ''),
      el('td', { class: 'device', title: device || undefined }, device),
      el('td', { title: summary.distinct_id }, short(summary.distinct_id, 26)),
      el('td', { class: 'user' }, '#' + summary.user_id),
    );
    tr.addEventListener('click', () => {
      selected?.classList.remove('selected');
      selected = tr;
      tr.classList.add('selected');
      // The row's user may have changed by a merge since it was drawn.
      onSelect({ ...summary, user_id: Number(tr.dataset.user) });
    });
    return tr;
  }

  function update() {
    emptyNote.hidden = tbody.rows.length > 0;
  }

  return {
    show(summaries) {
      replaceChildren(tbody, summaries.map((summary) => row(summary, false)));
      update();
    },
    prepend(summaries) {
      // Only what can stay: a batch larger than the table is not built to be thrown away.
      for (const summary of summaries.slice(-MAX_ROWS)) tbody.prepend(row(summary, true));
      for (let extra = tbody.rows.length - MAX_ROWS; extra > 0; extra--) tbody.lastElementChild.remove();
      update();
    },
    relabelUser(from, into) {
      for (const tr of tbody.querySelectorAll('tr[data-user="' + Number(from) + '"]')) {
        tr.dataset.user = String(into);
        tr.querySelector('td.user').textContent = '#' + into;
        tr.classList.add('merged');
        tr.title = 'user #' + from + ' was merged into #' + into;
      }
    },
  };
}
