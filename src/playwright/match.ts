import type { Payload } from '../types';
import type { TrackedEvent } from './types';

type Asymmetric = { asymmetricMatch(other: unknown): boolean };
const isAsymmetric = (value: unknown): value is Asymmetric => typeof (value as Asymmetric | null)?.asymmetricMatch === 'function';
const isPlainObject = (value: unknown): value is Record<string, unknown> => Object.prototype.toString.call(value) === '[object Object]' && !isAsymmetric(value);

/**
 * Whether `actual` has every key of `expected` with an equal value: nested objects match
 * partially too, arrays and other values exactly, and `expect.any(Number)`-style asymmetric
 * matchers are asked.
 *
 * @example partialMatch({ price: 5, currency: 'EUR' }, { price: 5 }) // true
 */
export function partialMatch(actual: unknown, expected: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (isPlainObject(expected)) return isPlainObject(actual) && Object.keys(expected).every((key) => key in actual && partialMatch(actual[key], expected[key]));
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => partialMatch(actual[i], item));
  return Object.is(actual, expected);
}

/** The keys of `expected` that `properties` does not match, as `key: expected …, received …`. */
export function differences(properties: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  return Object.keys(expected)
    .filter((key) => !(key in properties && partialMatch(properties[key], expected[key])))
    .map((key) => key + ': expected ' + show(expected[key]) + ', received ' + (key in properties ? show(properties[key]) : 'nothing'));
}

/** The events matching a name and properties. */
export function matching(events: readonly TrackedEvent[], event: string, properties: Record<string, unknown> = {}): TrackedEvent[] {
  return events.filter((e) => e.event === event && partialMatch(e.properties, properties));
}

/**
 * Up to `count` events that come closest to what was expected (same name first, then the most
 * expected properties matched, the latest first among equals), each on a line with what differs.
 */
export function nearest(events: readonly TrackedEvent[], event: string, properties: Record<string, unknown> = {}, count = 3): string[] {
  const keys = Object.keys(properties);
  const score = (e: TrackedEvent) => (e.event === event ? 1000 : 0) + keys.length - differences(e.properties, properties).length;
  const ranked = events.map((e, index) => ({ e, index, score: score(e) })).sort((a, b) => b.score - a.score || b.index - a.index);
  return ranked.slice(0, count).map(({ e, index }) => {
    const diff = e.event === event ? differences(e.properties, properties) : [];
    return describe(e, index) + (diff.length ? '  <- ' + diff.join('; ') : '');
  });
}

/** A payload's identity as the collector reads it. */
export function identityOf(payload: Payload): Record<string, unknown> {
  return { distinctId: payload.distinct_id, anonymousId: payload.anonymous_id, loginId: payload.login_id ?? null, identities: payload.identities };
}

/** One event on a line: its place in arrival order, name, and the properties its sender chose. */
export function describe(event: TrackedEvent, index: number): string {
  return '#' + (index + 1) + ' ' + show(event.event) + ' ' + show(ownProperties(event.properties));
}

/**
 * The properties an event's sender chose, without the preset `$…` ones (which fill a line
 * without saying why a match failed).
 */
function ownProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !key.startsWith('$')));
}

/** A value as JSON, cut at 160 characters. */
export function show(value: unknown, limit = 160): string {
  if (isAsymmetric(value)) return (value as { toAsymmetricMatcher?: () => string }).toAsymmetricMatcher?.() ?? String(value);
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > limit ? text.slice(0, limit - 3) + '...' : text;
}
