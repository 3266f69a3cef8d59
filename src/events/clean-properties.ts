import { errorText, type Report } from '../lib/report';
import { formatDate } from './format-date';
import { nameProblem, quote } from './validate-name';

/** Most properties one call may carry (the seed manual's limit). */
export const MAX_PROPERTIES = 100;
/** Most items a list value may hold (the seed manual's limit). */
const MAX_ITEMS = 100;

/**
 * What values are accepted: `any` (strings, finite numbers, booleans, Dates, lists of
 * strings), `number` (incrementProfile), `list` (appendProfile; a string becomes a list of one),
 * `fn` (`any` plus functions, kept as they are: registered super properties).
 */
export type ValueKind = 'any' | 'number' | 'list' | 'fn';

export interface CleanContext {
  /** How messages name the call: `track("buy")`, `setProfile`. */
  where: string;
  method: string;
  report: Report;
  /** Longer strings are cut to this many characters. */
  maxLength: number;
  kind?: ValueKind | undefined;
  /** Set when cleaning a `track` event's super properties: function values are called with it. */
  event?: string | undefined;
}

/**
 * Copies the caller's properties into a fresh object, keeping only what the collector accepts.
 * An invalid key or value drops that property, an over-long string or list is cut; each case
 * is reported naming the call, the key and the rule. Own enumerable string keys only, so
 * `__proto__` (refused by the key rule) can never reach a prototype. Nothing the caller passes
 * can make it throw: throwing getters, functions, Proxies and the like only drop what they
 * guard.
 *
 * @example cleanProperties({ price: 5, when: new Date() }, { where: 'track("buy")', method: 'track', report, maxLength: 255 })
 */
export function cleanProperties(input: unknown, ctx: CleanContext): Record<string, unknown> {
  const { where, method, report } = ctx;
  const out: Record<string, unknown> = {};
  let count = 0;
  try {
    if (input == null) return out;
    if (typeof input !== 'object' || Array.isArray(input)) throw 0;
    for (const key of Object.keys(input)) {
      const note = (rule: string) => report('value_cut', where + ': ' + quote(key) + ' ' + rule, method);
      try {
        const problem = nameProblem(key, true);
        if (problem) throw 'the key ' + problem;
        let value = (input as Record<string, unknown>)[key];
        if (typeof value === 'function' && ctx.event !== undefined) value = value(ctx.event);
        if (value === undefined) continue;
        if (count++ === MAX_PROPERTIES) {
          report('invalid_property', where + ': over ' + MAX_PROPERTIES + ' properties; ' + quote(key) + ' and later dropped', method);
          break;
        }
        out[key] = cleanValue(value, ctx, note);
      } catch (rule) {
        report('invalid_property', where + ': ' + quote(key) + ' dropped: ' + (typeof rule === 'string' ? rule : 'threw ' + errorText(rule)), method);
      }
    }
  } catch {
    report('invalid_property', where + ': properties must be a readable object; ignored', method);
  }
  return out;
}

// Returns the value to send, or throws the rule it breaks (a string).
function cleanValue(value: unknown, ctx: CleanContext, note: (rule: string) => void): unknown {
  const { kind, maxLength } = ctx;
  const cut = (text: string) => {
    if (text.length <= maxLength) return text;
    note('cut to ' + maxLength + ' characters');
    // Never leave half of a surrogate pair (an emoji) at the end.
    return text.slice(0, /[\ud800-\udbff]/.test(text[maxLength - 1]!) ? maxLength - 1 : maxLength);
  };
  if (kind === 'number') {
    if (isFiniteNumber(value)) return value;
    throw 'must be a finite number';
  }
  if (kind === 'fn' && typeof value === 'function') return value;
  if (kind === 'list' && typeof value === 'string') value = [value];
  if (typeof value === 'string') return cut(value);
  if (kind !== 'list') {
    if (isFiniteNumber(value) || typeof value === 'boolean') return value;
    if (value instanceof Date) {
      if (isNaN(value.getTime())) throw 'invalid Date';
      return formatDate(value);
    }
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) note('cut to ' + MAX_ITEMS + ' items');
    // Array.from, not map: map skips the holes of a sparse list, which JSON would send as null.
    return Array.from(value.slice(0, MAX_ITEMS), (item) => {
      if (typeof item !== 'string') throw 'list items must be strings';
      return cut(item);
    });
  }
  throw kind === 'list' ? 'must be a string or string list' : 'must be a string, number, boolean, Date or string list';
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && isFinite(value);
