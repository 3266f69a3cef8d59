import { LIMITS } from './limits';
import type { Rejection } from './validate';

/**
 * The size limits of an event's `properties` (LIMITS, documented in the README): at most
 * `propertiesPerEvent` keys, no string longer than `stringLength` and no list longer than
 * `listLength` anywhere inside. Nesting is already bounded by the decoder (`jsonDepth`).
 *
 * @example checkPropertySizes({ note: 'x'.repeat(9000) }) // { field: 'properties.note', reason: '... at most 8192 characters' }
 */
export function checkPropertySizes(properties: Record<string, unknown>): Rejection | undefined {
  const keys = Object.keys(properties);
  if (keys.length > LIMITS.propertiesPerEvent) {
    return { field: 'properties', reason: 'properties holds ' + keys.length + ' keys; at most ' + LIMITS.propertiesPerEvent + ' per event' };
  }
  for (const key of keys) {
    const problem = oversized(properties[key]);
    if (problem) return { field: 'properties.' + key, reason: 'properties.' + key + ' ' + problem };
  }
  return undefined;
}

/**
 * The count limit of an event's `identities` (`identitiesPerEvent`); each ID's length is
 * checked with the other ID rules.
 *
 * @example checkIdentityCount({ $identity_cookie_id: 'c' }) // undefined
 */
export function checkIdentityCount(identities: Record<string, unknown>): Rejection | undefined {
  const count = Object.keys(identities).length;
  if (count <= LIMITS.identitiesPerEvent) return undefined;
  return { field: 'identities', reason: 'identities holds ' + count + ' IDs; at most ' + LIMITS.identitiesPerEvent + ' per event' };
}

// Why a value breaks a size limit ('' when it does not), looking inside lists and objects.
function oversized(value: unknown): string {
  if (typeof value === 'string') return value.length > LIMITS.stringLength ? 'is ' + value.length + ' characters long; at most ' + LIMITS.stringLength : '';
  if (typeof value !== 'object' || value === null) return '';
  const inner = Array.isArray(value) ? value : Object.values(value);
  if (Array.isArray(value) && value.length > LIMITS.listLength) return 'holds ' + value.length + ' items; at most ' + LIMITS.listLength;
  for (const item of inner) {
    const problem = oversized(item);
    if (problem) return problem;
  }
  return '';
}
