import { clock, el, replaceChildren, short } from './dom.js';

/** The table keeps this many rows; older ones scroll out (the API pages further back). */
const MAX_ROWS = 300;

/**
 * The live event table: `show` replaces the rows, `prepend` adds new events on top (they
 * arrive oldest first), a click selects a row and calls `onSelect(summary)`.
 *
 * @example const list = createEventList(tbody, note, (summary) => showPayload(summary.id));
 */
export function createEventList(tbody, emptyNote, onSelect) {
  let selected;

  function row(summary, fresh) {
    const tr = el(
      'tr',
      { 'data-id': summary.id, 'data-event': summary.event ?? summary.type, class: fresh ? 'fresh' : undefined },
      el('td', { title: new Date(summary.received_at).toISOString() }, clock(summary.received_at)),
      el('td', {}, summary.event ?? '—'),
      el('td', {}, el('span', { class: 'tag ' + summary.type }, summary.type)),
      el('td', { title: summary.distinct_id }, short(summary.distinct_id, 26)),
      el('td', {}, '#' + summary.user_id),
    );
    tr.addEventListener('click', () => {
      selected?.classList.remove('selected');
      selected = tr;
      tr.classList.add('selected');
      onSelect(summary);
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
  };
}
