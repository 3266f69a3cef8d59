import type { Report } from '../lib/report';

const NAME_RULE = /^[a-zA-Z][a-zA-Z0-9_]{0,98}$/;
/** Preset events a caller may send by hand (e.g. a pageview from a custom router). */
const PRESET_EVENTS = ['$pageview'];
const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * True for a valid event name: a letter, then letters, digits and `_`, 1–99 characters (the
 * seed manual's rule), or a preset name tracklet knows.
 *
 * @example isEventName('buttonClick') // true
 */
export function isEventName(name: unknown): name is string {
  return typeof name === 'string' && (NAME_RULE.test(name) || PRESET_EVENTS.includes(name));
}

/**
 * Copies the caller's properties into a fresh object: own enumerable keys only, never
 * `__proto__`/`constructor`/`prototype` (prototype pollution), undefined values skipped.
 * Anything that is not a plain object is reported and treated as no properties.
 *
 * @example copyProperties({ price: 5 }, report, 'buy') // { price: 5 }
 */
export function copyProperties(input: unknown, report: Report, event: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  if (input === undefined || input === null) return copy;
  if (typeof input !== 'object' || Array.isArray(input)) {
    report('invalid_properties', 'track("' + event + '"): properties must be an object; they were dropped', 'track');
    return copy;
  }
  for (const key of Object.keys(input)) {
    if (UNSAFE_KEYS.includes(key)) {
      report('invalid_property', 'track("' + event + '"): the key "' + key + '" is not allowed; dropped', 'track');
      continue;
    }
    const value = (input as Record<string, unknown>)[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy;
}
