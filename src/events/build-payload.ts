import { distinctIdOf, identitiesOf, type IdentityState } from '../identity/identity-state';
import type { Identities, Payload, PayloadType } from '../types';
import { VERSION } from '../version';

export interface PayloadInput {
  identity: IdentityState;
  type: PayloadType;
  event?: string | undefined;
  properties: Record<string, unknown>;
  time: number;
  trackId: number;
  /** `$SignUp` only: the anonymous ID the login replaces. */
  originalId?: string;
  /** `$UnbindID` only: the one pair being unbound, instead of the user's identities. */
  identities?: Identities;
  libMethod?: string;
}

/**
 * Builds one payload in the seed's shape (shared/seeds/001): `identities`, `distinct_id`,
 * `lib`, `properties`, `login_id` (logged in only), `anonymous_id`, `original_id` (`$SignUp`),
 * `type`, `event`, `time`, `_track_id`. `_flush_time` is stamped when the event is sent.
 * An unbind payload carries only the unbound pair and no `login_id`/`anonymous_id`, as the
 * seed shows.
 *
 * @example buildPayload({ identity, type: 'track', event: 'buy', properties: {}, time, trackId })
 */
export function buildPayload(input: PayloadInput): Payload {
  const { identity } = input;
  // Keys are added in the seed's order, so a payload reads like the documentation.
  const payload = {
    identities: input.identities ?? identitiesOf(identity),
    distinct_id: distinctIdOf(identity),
    lib: { $lib: 'js', $lib_method: input.libMethod ?? 'code', $lib_version: VERSION },
    properties: input.properties,
  } as Payload;
  if (input.type !== 'track_id_unbind') {
    if (identity.loginId) payload.login_id = identity.loginId;
    payload.anonymous_id = identity.anonymousId;
  }
  if (input.originalId !== undefined) payload.original_id = input.originalId;
  payload.type = input.type;
  if (input.event !== undefined) payload.event = input.event;
  payload.time = input.time;
  payload._track_id = input.trackId;
  return payload;
}
