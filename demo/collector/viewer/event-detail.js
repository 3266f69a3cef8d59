import { clock, el, replaceChildren } from './dom.js';

/**
 * Shows one stored event: what it is, when it came, and its full payload as received.
 *
 * @example showEvent(section, await getJson('/api/events/12'));
 */
export function showEvent(section, detail) {
  if (!detail) {
    replaceChildren(section, el('h2', {}, 'Payload'), el('p', { class: 'empty' }, 'That event is gone.'));
    return;
  }
  replaceChildren(
    section,
    el('h2', {}, 'Payload ', el('small', {}, (detail.event ?? detail.type) + ' #' + detail.id)),
    el('p', { class: 'meta' }, detail.type + ' · _track_id ' + detail.track_id + ' · received ' + clock(detail.received_at) + ' · user #' + detail.user_id),
    el('pre', { id: 'payload' }, JSON.stringify(detail.payload, null, 2)),
  );
}
