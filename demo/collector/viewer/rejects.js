import { clock, el, replaceChildren } from './dom.js';

const MAX_ROWS = 100;

/**
 * The list of refused events with the reason the collector gave.
 *
 * @example const rejects = createRejectList(ul, note); rejects.prepend([{ reason, received_at }]);
 */
export function createRejectList(list, emptyNote) {
  const item = (reject) => el('li', {}, el('span', { class: 'meta' }, clock(reject.received_at)), reject.reason);
  return {
    show(rejects) {
      replaceChildren(list, rejects.map(item));
      emptyNote.hidden = rejects.length > 0;
    },
    prepend(rejects) {
      for (const reject of rejects) list.prepend(item(reject));
      for (let extra = list.children.length - MAX_ROWS; extra > 0; extra--) list.lastElementChild.remove();
      emptyNote.hidden = list.children.length > 0;
    },
  };
}
