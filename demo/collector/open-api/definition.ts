import { comparatorOf, EVENT_COMPARATORS, type Comparator } from './comparators';
import { badField } from './open-api-error';
import { parseWallTime, type WallTime } from './zoned-time';

export type Analysis = 'TIMES' | 'SUM' | 'AVG' | 'MAX' | 'MIN';

export interface EventCondition {
  eventName: string;
  analysis: Analysis;
  /** The numeric event property summed or averaged (not for TIMES). */
  property?: string;
  comparator: Comparator;
  values: number[];
  /** Both ways of giving the range, when given; the cluster type picks (see resolveWindow). */
  dates?: { start: WallTime; end: WallTime };
  recent?: { fromDaysAgo: number; toDaysAgo: number };
}

export interface ProfileFilter {
  column: string;
  comparator: Comparator;
  values: string[];
}

export type Relation = 'and' | 'or';

/** A UserClusterDef, checked and with its spellings folded. */
export interface ClusterDef {
  events: EventCondition[];
  eventRelation: Relation;
  filters: ProfileFilter[];
  relation: Relation;
  eventUserRelation: Relation;
}

// Property names as the SDK allows them; they end up inside a JSON path, so nothing else.
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,99}$/;
const ANALYSES: readonly Analysis[] = ['TIMES', 'SUM', 'AVG', 'MAX', 'MIN'];

type Json = Record<string, unknown>;

/**
 * Checks a UserClusterDef (`qp`, or a tag value's `userClusterDef`) and folds it into a
 * ClusterDef. Throws an OpenApiError (400) naming the first field at fault, e.g.
 * `qp.events[0].comparator: missing`.
 *
 * @example parseClusterDef(body.qp, 'qp').events[0].values // [4]
 */
export function parseClusterDef(input: unknown, path: string): ClusterDef {
  const def = object(input, path);
  const events = list(def.events, path + '.events').map((event, i) => parseEvent(event, path + '.events[' + i + ']'));
  const filters = list(def.filts, path + '.filts').map((filt, i) => parseFilter(filt, path + '.filts[' + i + ']'));
  return {
    events,
    eventRelation: relation(def.event_relation, path + '.event_relation'),
    filters,
    relation: relation(def.relation, path + '.relation'),
    eventUserRelation: relation(def.event_user_relation, path + '.event_user_relation'),
  };
}

function parseEvent(input: unknown, path: string): EventCondition {
  const event = object(input, path);
  const eventName = event.eventName;
  if (typeof eventName !== 'string' || !eventName.trim()) throw badField(path + '.eventName', 'expected the name of an event; got ' + show(eventName));
  const quota = event.taPropQuota === undefined ? {} : object(event.taPropQuota, path + '.taPropQuota');
  const analysis = String(quota.analysis ?? 'TIMES').toUpperCase() as Analysis;
  if (!ANALYSES.includes(analysis)) throw badField(path + '.taPropQuota.analysis', 'expected one of ' + ANALYSES.join(', ') + '; got ' + show(quota.analysis));
  // The seed's second tag value spells the comparator `uceCalcuSymbol`: taken as a synonym.
  const comparatorPath = event.comparator === undefined && event.uceCalcuSymbol !== undefined ? '.uceCalcuSymbol' : '.comparator';
  const comparator = comparatorOf(event.comparator ?? event.uceCalcuSymbol);
  if (!comparator || !EVENT_COMPARATORS.includes(comparator)) {
    throw badField(path + comparatorPath, (event.comparator ?? event.uceCalcuSymbol) === undefined ? 'missing (uceCalcuSymbol is read too)' : 'expected one of ' + EVENT_COMPARATORS.join(', ') + ' for an event condition; got ' + show(event.comparator ?? event.uceCalcuSymbol));
  }
  const condition: EventCondition = { eventName, analysis, comparator, values: numbers(event.num, comparator, path + '.num') };
  if (analysis !== 'TIMES') {
    const property = quota.quota ?? quota.propName ?? quota.property;
    if (typeof property !== 'string' || !NAME.test(property)) throw badField(path + '.taPropQuota.quota', analysis + ' needs the name of a numeric event property; got ' + show(property));
    condition.property = property;
  }
  if (event.startTime !== undefined || event.endTime !== undefined) {
    const start = wallTime(event.startTime, path + '.startTime');
    const end = wallTime(event.endTime, path + '.endTime');
    if (Date.UTC(start.year, start.month - 1, start.day) > Date.UTC(end.year, end.month - 1, end.day)) throw badField(path + '.startTime', 'is after endTime');
    condition.dates = { start, end };
  }
  if (event.recentDay !== undefined && event.recentDay !== '') condition.recent = recentDay(event.recentDay, path + '.recentDay');
  return condition;
}

function parseFilter(input: unknown, path: string): ProfileFilter {
  const filt = object(input, path);
  if (filt.tableType !== undefined && filt.tableType !== 'user') throw badField(path + '.tableType', 'only "user" (profile properties) is supported; got ' + show(filt.tableType));
  if (typeof filt.columnName !== 'string' || !NAME.test(filt.columnName)) throw badField(path + '.columnName', 'expected a profile property name (letters, digits, _ or $); got ' + show(filt.columnName));
  const comparator = comparatorOf(filt.comparator ?? filt.uceCalcuSymbol);
  if (!comparator) throw badField(path + '.comparator', 'unknown comparator ' + show(filt.comparator ?? filt.uceCalcuSymbol) + '; see the list in demo/collector/README.md');
  const ftv = filt.ftv === undefined ? [] : Array.isArray(filt.ftv) ? filt.ftv : [filt.ftv];
  if (!ftv.every((value) => ['string', 'number', 'boolean'].includes(typeof value))) throw badField(path + '.ftv', 'expected a list of strings or numbers');
  const values = ftv.map(String);
  const needed = comparator === 'between' ? 2 : comparator === 'isSet' || comparator === 'notSet' ? 0 : 1;
  if (values.length < needed) throw badField(path + '.ftv', comparator + ' needs ' + (needed === 2 ? 'two values [low, high]' : 'at least one value'));
  return { column: filt.columnName, comparator, values: comparator === 'between' ? values.slice(0, 2) : values };
}

function numbers(num: unknown, comparator: Comparator, path: string): number[] {
  // between takes ["2", "5"], "2,5" or "2-5"; the others one number, as a string or a number.
  const parts = Array.isArray(num) ? num : typeof num === 'string' && comparator === 'between' ? num.split(/[,~]|(?<=\d)-/) : [num];
  const values = parts.map((part) => (typeof part === 'string' && part.trim() !== '' ? Number(part) : typeof part === 'number' ? part : NaN));
  const needed = comparator === 'between' ? 2 : 1;
  if (values.length < needed || values.slice(0, needed).some((value) => !Number.isFinite(value))) {
    throw badField(path, 'expected ' + (needed === 2 ? 'two numbers (low, high)' : 'a number') + '; got ' + show(num));
  }
  return values.slice(0, needed);
}

function recentDay(input: unknown, path: string): { fromDaysAgo: number; toDaysAgo: number } {
  const match = /^\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?$/.exec(String(input));
  if (!match) throw badField(path, 'expected "from-to" in days back, e.g. "1-7"; got ' + show(input));
  const a = Number(match[1]);
  const b = Number(match[2] ?? match[1]);
  return { fromDaysAgo: Math.min(a, b), toDaysAgo: Math.max(a, b) };
}

function wallTime(input: unknown, path: string): WallTime {
  const wall = typeof input === 'string' ? parseWallTime(input) : undefined;
  if (!wall) throw badField(path, 'expected "YYYY-MM-DD HH:mm:ss"; got ' + show(input));
  return wall;
}

function relation(input: unknown, path: string): Relation {
  if (input === undefined || input === null || input === '') return 'and';
  const folded = String(input).toLowerCase();
  if (folded === 'and' || folded === 'or') return folded;
  throw badField(path, 'expected "and" or "or"; got ' + show(input));
}

function object(input: unknown, path: string): Json {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw badField(path, 'expected an object; got ' + show(input));
  return input as Json;
}

function list(input: unknown, path: string): unknown[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw badField(path, 'expected a list; got ' + show(input));
  return input;
}

/** A value for an error message, cut short. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}
