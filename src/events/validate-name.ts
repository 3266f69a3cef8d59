/**
 * The naming rules of event names and property keys, for both sides: the SDK checks what a
 * caller passes with `nameProblem`, the reference collector checks what arrives with
 * `wireNameProblem` (demo/collector/validate.ts imports this file), so that nothing the SDK
 * accepts is refused by the collector, and the reverse.
 */

/** The seed manual's rule for names and keys: a letter, then letters, digits, `_`; 1–99 long. */
const NAME_RULE = /^[a-zA-Z]\w{0,98}$/;
const RULE_TEXT = 'must be a letter then letters, digits or _ (1-99 chars)';

/**
 * Preset events a caller may send by hand: a `$pageview` from a custom router, and the names
 * autotrack will emit. Other `$` names are tracklet's own (`$SignUp` comes from `login()`).
 */
const PRESET_EVENTS = ['$pageview', '$WebClick', '$WebPageLeave'];

/**
 * Preset properties a caller may set: the page facts a single-page app or a virtual pageview
 * knows better than `location` does. Other `$` keys are tracklet's presets, never the caller's.
 */
const PRESET_KEYS = ['$url', '$title', '$referrer'];

/**
 * Names the collector keeps for itself (Sensors' reserved words, and `type`), and the names of
 * `Object.prototype`'s members (`__proto__` already fails the rule): as a key of a plain object
 * they shadow or reach its prototype, where a receiver's `key in object` or `object[key]` finds
 * what nobody sent. Refused in any letter case since the manual says keys ignore case.
 */
const RESERVED =
  /^(distinct_id|original_id|time|properties|id|first_id|second_id|users|events?|user_id|date|datetime|type|constructor|prototype|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|toString|toLocaleString|valueOf)$/i;

/**
 * Why `name` cannot be an event name (or a property key, with `key` set); '' when it can.
 *
 * @example nameProblem('buy') // ''
 * @example nameProblem('time', true) // 'is reserved'
 */
export function nameProblem(name: unknown, key?: boolean): string {
  if (typeof name !== 'string') return 'must be a string';
  if ((key ? PRESET_KEYS : PRESET_EVENTS).includes(name)) return '';
  if (!NAME_RULE.test(name)) return RULE_TEXT;
  return RESERVED.test(name) ? 'is reserved' : '';
}

/**
 * The collector's side of `nameProblem`, for an event name or property key as it arrives:
 * a `$` name of the rule's shape is a preset (tracklet's own, or another SDK's) and passes;
 * every other name meets the rule a caller's name meets in the SDK.
 *
 * @example wireNameProblem('$lib') // ''
 * @example wireNameProblem('constructor') // 'is reserved'
 */
export function wireNameProblem(name: unknown): string {
  return typeof name === 'string' && name[0] === '$' ? (NAME_RULE.test(name.slice(1)) ? '' : RULE_TEXT) : nameProblem(name);
}

/**
 * A short, safe rendering of a caller's value for messages: never calls its `toString` (which
 * may throw, or be a Symbol's) and never copies a huge string whole.
 *
 * @example quote('a'.repeat(1000)) // the first 40 characters, then '...'
 */
export function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value) : typeof value;
}
