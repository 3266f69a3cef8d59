import { clock, el, replaceChildren } from './dom.js';

const MAX_ROWS = 100;

/**
 * The list of refused events with the reason the collector gave. The live feed sends the first
 * few of a request's refused events and their count; the rest show as one "… more" line.
 *
 * @example const rejects = createRejectList(ul, note); rejects.prepend({ rejects: [{ reason, received_at }], count: 1 });
 */
export function createRejectList(list, emptyNote) {
  const item = (reject) => el('li', {}, el('span', { class: 'meta' }, clock(reject.received_at)), reject.reason);
  return {
    show(rejects) {
      replaceChildren(list, rejects.slice(0, MAX_ROWS).map(item));
      emptyNote.hidden = rejects.length > 0;
    },
    prepend({ rejects, count }) {
      const more = count - rejects.length;
      if (more > 0) list.prepend(el('li', { class: 'more' }, '… and ' + more + ' more refused events in that request'));
      for (const reject of rejects.slice(-MAX_ROWS)) list.prepend(item(reject));
      for (let extra = list.children.length - MAX_ROWS; extra > 0; extra--) list.lastElementChild.remove();
      emptyNote.hidden = list.children.length > 0;
    },
  };
}
