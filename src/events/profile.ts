import type { PayloadType } from '../types';
import type { ValueKind } from './clean-properties';

/** The profile calls: the payload type each sends and the values it accepts. */
export const PROFILE_CALLS = {
  setProfile: ['profile_set', 'any'],
  setOnceProfile: ['profile_set_once', 'any'],
  incrementProfile: ['profile_increment', 'number'],
  appendProfile: ['profile_append', 'list'],
  unsetProfile: ['profile_unset', 'any'],
  deleteProfile: ['profile_delete', 'any'],
} as const satisfies Record<string, readonly [PayloadType, ValueKind]>;

export type ProfileMethod = keyof typeof PROFILE_CALLS;

/**
 * `unsetProfile`'s key or keys as payload properties in Sensors' format, `{ key: true }`, which
 * existing receivers understand; the keys are then checked like any property key. A null
 * prototype keeps a `__proto__` key an ordinary (refused) key, and a non-string key becomes a
 * placeholder such as `(number)` that the key rule refuses with a report.
 *
 * @example keysAsProperties(['hobby', 'city']) // { hobby: true, city: true }
 */
export function keysAsProperties(keys: unknown): Record<string, true> {
  const properties: Record<string, true> = Object.create(null);
  for (const key of Array.isArray(keys) ? keys : [keys]) {
    properties[typeof key === 'string' ? key : '(' + typeof key + ')'] = true;
  }
  return properties;
}
