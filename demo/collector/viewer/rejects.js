import { clock, el, replaceChildren } from './dom.js';

const MAX_ROWS = 100;
/** The collector keeps this much of a refused payload (limits.ts, rejectPayloadChars). */
const KEPT_CHARS = 4096;

/**
 * The list of refused events: when, the reason the collector gave, the field at fault and the
 * payload as it came (the collector keeps its first 4,096 characters), folded until opened.
 *
 * @example const rejects = createRejectList(ul, note); rejects.show(await getJson('/api/rejects')); rejects.prepend(liveMessage);
 */
export function createRejectList(list, emptyNote) {
  const item = (reject) =>
    el(
      'li',
      { 'data-id': reject.id },
      el('span', { class: 'meta' }, clock(reject.received_at)),
      reject.reason,
      reject.field ? el('span', { class: 'meta field' }, ' · field ' + reject.field) : null,
      reject.payload === undefined ? null : el('details', {}, el('summary', {}, 'payload'), el('pre', { class: 'reject-payload' }, readable(reject.payload))),
    );
  return {
    show(rejects) {
      replaceChildren(list, rejects.slice(0, MAX_ROWS).map(item));
      emptyNote.hidden = rejects.length > 0;
    },
    /** A live message: the first few refused events of one request (with payloads) and their count. */
    prepend({ rejects, count }) {
      const more = count - rejects.length;
      if (more > 0) list.prepend(el('li', { class: 'more' }, '… and ' + more + ' more refused events in that request'));
      for (const reject of rejects.slice(-MAX_ROWS)) list.prepend(item(reject));
      for (let extra = list.children.length - MAX_ROWS; extra > 0; extra--) list.lastElementChild.remove();
      emptyNote.hidden = list.children.length > 0;
    },
  };
}

/** The kept payload, indented when it is whole JSON; as kept (and marked cut) otherwise. */
function readable(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text + (text.length >= KEPT_CHARS ? '\n… (cut: the collector keeps the first 4,096 characters)' : '');
  }
}
