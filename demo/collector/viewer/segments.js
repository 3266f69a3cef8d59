import { el, replaceChildren } from './dom.js';

/**
 * The Segments page: the clusters and tags of the open API (seed 003) with their member
 * counts, each tag value with its own count, and the state of their refresh. "Events" on a row
 * narrows the event list to those members, through `onFilter(value, label)` where value is
 * `<clusterId>` or `<clusterId>:<tagValue>` as the Segment filter takes it.
 *
 * @example const page = createSegmentsPage(tbody, note, (value, label) => setSegmentFilter(value, label)); page.show(segments);
 */
export function createSegmentsPage(tbody, emptyNote, onFilter) {
  const button = (value, label) => el('button', { type: 'button', class: 'link', onclick: () => onFilter(value, label) }, 'events');

  function rows(segment) {
    const tag = segment.clusterCatalog === 'catalog_tag';
    const state = segment.refreshState === 'idle' ? 'refreshed ' + (segment.refreshTime ?? '–') : segment.refreshState + ' ' + segment.progress + '%';
    const main = el(
      'tr',
      { 'data-id': segment.id, class: 'segment' },
      el('td', { title: segment.clusterName }, segment.displayName),
      el('td', {}, el('span', { class: 'tag ' + (tag ? 'catalog-tag' : 'catalog-cluster') }, tag ? 'tag' : 'cluster')),
      el('td', {}, segment.clusterType.replace(/^(cluster|tag)_by_/, '').replace(/_/g, ' ')),
      el('td', { class: 'count' }, String(segment.usersNum)),
      el('td', { class: state.startsWith('failed') ? 'failed' : undefined }, state),
      el('td', {}, button(String(segment.id), segment.displayName)),
    );
    if (!tag) return [main];
    const values = segment.values.map((value) =>
      el(
        'tr',
        { class: 'tag-value' },
        el('td', {}, '↳ ' + value.tagValue),
        el('td', {}),
        el('td', {}),
        el('td', { class: 'count' }, String(value.usersNum)),
        el('td', {}),
        el('td', {}, button(segment.id + ':' + value.tagValue, segment.displayName + ' = ' + value.tagValue)),
      ),
    );
    return [main, ...values];
  }

  return {
    show(segments) {
      replaceChildren(tbody, segments.flatMap(rows));
      emptyNote.hidden = segments.length > 0;
    },
  };
}

/**
 * The options of the Segment filter: each cluster, and each tag value.
 *
 * @example segmentOptions(segments) // [['3', 'cluster: VIPs (120)'], ['4:gold', 'tag: tiers = gold (12)']]
 */
export function segmentOptions(segments) {
  return segments.flatMap((segment) =>
    segment.clusterCatalog === 'catalog_tag'
      ? segment.values.map((value) => [segment.id + ':' + value.tagValue, 'tag: ' + segment.displayName + ' = ' + value.tagValue + ' (' + value.usersNum + ')'])
      : [[String(segment.id), 'cluster: ' + segment.displayName + ' (' + segment.usersNum + ')']],
  );
}
