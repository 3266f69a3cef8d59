import { wireNameProblem } from '../../src/events/validate-name';
import { checkIdentityCount, checkPropertySizes } from './validate-sizes';

/** The payload types of DESIGN.md, and the `event` each identity type must carry. */
export const EVENT_TYPES = [
  'track',
  'track_signup',
  'track_id_bind',
  'track_id_unbind',
  'profile_set',
  'profile_set_once',
  'profile_increment',
  'profile_append',
  'profile_unset',
  'profile_delete',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** An event that passed `validateEvent`: the fields the collector relies on are typed. */
export interface ValidEvent {
  type: EventType;
  event?: string;
  distinct_id: string;
  identities: Record<string, string>;
  properties: Record<string, unknown>;
  login_id?: string;
  anonymous_id?: string;
  original_id?: string;
  time: number;
  _track_id: number;
  _flush_time?: number;
  [other: string]: unknown;
}

/** Why an event was refused: the dotted path of the broken field and a sentence. */
export interface Rejection {
  field: string;
  reason: string;
}

const IDENTITY_EVENTS: Partial<Record<EventType, string>> = {
  track_signup: '$SignUp',
  track_id_bind: '$BindID',
  track_id_unbind: '$UnbindID',
};
const MAX_ID_LENGTH = 255;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks one decoded event against the wire contract. Rules for every type: `type` is known,
 * `distinct_id` a non-empty string of at most 255 characters, `identities` an object of
 * non-empty strings, `properties` an object, `time` a positive number, `_track_id` an integer;
 * `login_id`/`anonymous_id` strings when present. Per type: `track*` carry an `event` name (the
 * identity types their fixed one), `track_signup` an `original_id`, bind/unbind at least one
 * identity, `profile_increment` numbers, `profile_append` arrays of strings.
 *
 * @example validateEvent({ type: 'track' }) // { field: 'distinct_id', reason: 'must be ...' }
 */
export function validateEvent(input: unknown): ValidEvent | Rejection {
  if (!isObject(input)) return reject('', 'each event must be a JSON object');
  const type = input.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    return reject('type', 'must be one of ' + EVENT_TYPES.join(', ') + '; got ' + show(type));
  }
  const broken =
    checkId('distinct_id', input.distinct_id, true) ??
    checkIdentities(input.identities, type === 'track_id_bind' || type === 'track_id_unbind') ??
    checkIdentityCount(input.identities as Record<string, unknown>) ??
    checkObject('properties', input.properties) ??
    checkPropertySizes(input.properties as Record<string, unknown>) ??
    checkNumber('time', input.time, (n) => n > 0, 'a positive number of milliseconds') ??
    checkNumber('_track_id', input._track_id, Number.isSafeInteger, 'an integer') ??
    (input._flush_time === undefined ? undefined : checkNumber('_flush_time', input._flush_time, (n) => n > 0, 'a positive number')) ??
    checkId('login_id', input.login_id, false) ??
    checkId('anonymous_id', input.anonymous_id, false) ??
    checkByType(type as EventType, input);
  return broken ?? (input as ValidEvent);
}

/**
 * True when `validateEvent` refused the event.
 *
 * @example const result = validateEvent(input); if (isRejection(result)) console.log(result.reason);
 */
export function isRejection(result: ValidEvent | Rejection): result is Rejection {
  return !('type' in result);
}

function checkByType(type: EventType, input: Record<string, unknown>): Rejection | undefined {
  if (type.startsWith('track')) {
    const fixed = IDENTITY_EVENTS[type];
    if (fixed && input.event !== fixed) return reject('event', 'must be "' + fixed + '" for type ' + type + '; got ' + show(input.event));
    // The SDK's own naming rules (src/events/validate-name.ts), with any "$" preset name.
    const problem = wireNameProblem(input.event);
    if (problem) return reject('event', problem + '; got ' + show(input.event));
  }
  if (type === 'track_signup') return checkId('original_id', input.original_id, true);
  const properties = input.properties as Record<string, unknown>;
  if (type === 'profile_increment') return everyValue(properties, (v) => typeof v === 'number' && Number.isFinite(v), 'a finite number');
  if (type === 'profile_append') {
    return everyValue(properties, (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'), 'an array of strings');
  }
  return undefined;
}

function checkIdentities(value: unknown, needsOne: boolean): Rejection | undefined {
  if (!isObject(value)) return reject('identities', 'must be an object of identity key to ID string; got ' + show(value));
  const keys = Object.keys(value);
  if (needsOne && !keys.length) return reject('identities', 'must hold at least one identity for this type');
  for (const key of keys) {
    if (!key || UNSAFE_KEYS.has(key)) return reject('identities', 'holds the key ' + show(key) + ', which is not allowed');
    const broken = checkId('identities.' + key, value[key], true);
    if (broken) return broken;
  }
  return undefined;
}

function checkId(field: string, value: unknown, required: boolean): Rejection | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || !value.trim()) return reject(field, 'must be a non-empty string; got ' + show(value));
  if (value.length > MAX_ID_LENGTH) return reject(field, 'must be at most ' + MAX_ID_LENGTH + ' characters');
  return undefined;
}

/**
 * Checks that `value` is a JSON object whose keys are allowed (shared with item validation).
 *
 * @example checkObject('properties', JSON.parse('{"__proto__": 1}')) // a Rejection naming the key
 */
export function checkObject(field: string, value: unknown): Rejection | undefined {
  if (!isObject(value)) return reject(field, 'must be a JSON object; got ' + show(value));
  for (const key of Object.keys(value)) {
    const problem = wireNameProblem(key);
    if (problem) return reject(field, 'holds the key ' + show(key) + ', which ' + problem);
  }
  return undefined;
}

function checkNumber(field: string, value: unknown, rule: (n: number) => boolean, what: string): Rejection | undefined {
  return typeof value === 'number' && Number.isFinite(value) && rule(value) ? undefined : reject(field, 'must be ' + what + '; got ' + show(value));
}

function everyValue(properties: Record<string, unknown>, rule: (value: unknown) => boolean, what: string): Rejection | undefined {
  for (const key of Object.keys(properties)) {
    if (!rule(properties[key])) return reject('properties.' + key, 'must be ' + what + ' for this type; got ' + show(properties[key]));
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(field: string, reason: string): Rejection {
  return { field, reason: (field ? field + ' ' : '') + reason };
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? text.slice(0, 40) + '…' : text;
}
