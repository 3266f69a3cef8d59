import { el } from './dom.js';

// The demo's control panel: one button per public tracklet call, with inputs for its
// arguments, and read-outs of the current identity. Shared by the multi-page site (window.tracklet
// from the script tag) and the single-page app (the ESM build). Built with DOM APIs only.

const PROPS = 'json';
/** [method, group, fields]; a field is [name, default value, kind?]. */
const CALLS = [
  ['track', 'Events', [['event', 'buttonClick'], ['properties', '{"color":"red"}', PROPS]]],
  ['login', 'Identity', [['loginId', 'user_42']]],
  ['logout', 'Identity', []],
  ['bind', 'Identity', [['key', '$identity_email'], ['value', 'ada@example.com']]],
  ['unbind', 'Identity', [['key', '$identity_email'], ['value', 'ada@example.com']]],
  ['identify', 'Identity', [['anonymousId', 'anon_demo']]],
  ['resetAnonymousIdentity', 'Identity', [['anonymousId', '', 'optional']]],
  ['setProfile', 'Profile', [['properties', '{"name":"Ada","plan":"pro"}', PROPS]]],
  ['setOnceProfile', 'Profile', [['properties', '{"first_visit":"2024-05-01"}', PROPS]]],
  ['incrementProfile', 'Profile', [['properties', '{"visits":1}', PROPS]]],
  ['appendProfile', 'Profile', [['properties', '{"tags":["beta"]}', PROPS]]],
  ['unsetProfile', 'Profile', [['key', 'plan']]],
  ['deleteProfile', 'Profile', []],
  ['registerSuperProperties', 'Super properties', [['properties', '{"channel":"demo"}', PROPS]]],
  ['clearSuperProperties', 'Super properties', []],
  ['optOut', 'Consent', []],
  ['optIn', 'Consent', []],
  ['flush', 'Delivery', []],
];
const MAX_LOG = 30;

/**
 * Mounts the controls into `root` for a tracker. Calls that this build of tracklet does not
 * have yet (profiles, super properties and consent land separately) show disabled and light
 * up once the method exists. Returns `log(line)` for the page's own messages.
 *
 * @example const { log } = mountControls(document.getElementById('controls'), window.tracklet, TRACKLET_DEMO);
 */
export function mountControls(root, tracklet, config) {
  const logList = el('ol', { class: 'log', id: 'call-log', reversed: '' });
  const readouts = el('dl', { class: 'readouts', id: 'readouts' });
  const viewerLink = el('a', { id: 'viewer-link', target: '_blank', rel: 'noopener' }, 'Open the live viewer');
  const groups = new Map();

  function log(line, kind = 'info') {
    logList.prepend(el('li', { class: kind }, new Date().toLocaleTimeString() + ' ' + line));
    for (let extra = logList.children.length - MAX_LOG; extra > 0; extra--) logList.lastElementChild.remove();
  }

  function refresh() {
    const read = (name) => (typeof tracklet[name] === 'function' ? tracklet[name]() : undefined);
    const rows = [
      ['distinct_id', read('getDistinctId')],
      ['anonymous_id', read('getAnonymousId')],
      ['login_id', read('getLoginId') || '(not logged in)'],
      ['identities', JSON.stringify(read('getIdentities'), null, 1)],
    ];
    if (typeof tracklet.getSuperProperties === 'function') rows.push(['super properties', JSON.stringify(tracklet.getSuperProperties())]);
    readouts.replaceChildren(...rows.flatMap(([name, value]) => [el('dt', {}, name), el('dd', { 'data-readout': name }, String(value ?? ''))]));
    viewerLink.href = config.collectorUrl + '/?identity=' + encodeURIComponent(read('getDistinctId') ?? '');
  }

  async function invoke(method, fields) {
    let args;
    try {
      args = fields.map(([name, , kind]) => {
        const value = root.querySelector('[name="' + method + '-' + name + '"]').value.trim();
        return kind === PROPS ? JSON.parse(value || '{}') : value;
      });
      if (method === 'resetAnonymousIdentity' && !args[0]) args = [];
    } catch {
      return log(method + ': the properties are not valid JSON', 'error');
    }
    const call = method + '(' + args.map((arg) => JSON.stringify(arg)).join(', ') + ')';
    const started = performance.now();
    await tracklet[method](...args);
    log(method === 'flush' ? call + ' resolved in ' + Math.round(performance.now() - started) + ' ms' : call);
    refresh();
  }

  for (const [method, group, fields] of CALLS) {
    const present = typeof tracklet[method] === 'function';
    const inputs = fields.map(([name, value, kind]) =>
      kind === PROPS
        ? el('textarea', { name: method + '-' + name, rows: 1, 'aria-label': method + ' ' + name }, value)
        : el('input', { name: method + '-' + name, value, placeholder: kind === 'optional' ? name + ' (optional)' : name, 'aria-label': method + ' ' + name }),
    );
    const button = el('button', { type: 'button', 'data-call': method, disabled: !present, title: present ? undefined : 'not in this build of tracklet yet' }, method);
    button.addEventListener('click', () => void invoke(method, fields));
    if (!groups.has(group)) groups.set(group, el('fieldset', {}, el('legend', {}, group)));
    groups.get(group).append(el('div', { class: 'call' + (present ? '' : ' missing') }, button, inputs));
  }

  root.replaceChildren(
    el('h2', {}, 'tracklet controls'),
    ...groups.values(),
    el('h3', {}, 'Read-outs'),
    readouts,
    el('p', {}, viewerLink),
    el('h3', {}, 'Calls'),
    logList,
  );
  refresh();
  return { log, refresh };
}
