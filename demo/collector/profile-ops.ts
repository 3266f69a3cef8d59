/** A user's profile: the properties the profile_* events maintain. */
export type Profile = Record<string, unknown>;

/**
 * Applies one profile_* event to a profile and returns the new profile (the input is not
 * changed). `profile_set` overwrites, `profile_set_once` fills only absent keys,
 * `profile_increment` adds (an absent or non-numeric value counts as 0), `profile_append`
 * concatenates string lists (an absent or non-list value counts as []), `profile_unset` removes
 * the keys it names, `profile_delete` empties the profile.
 *
 * @example applyProfile({ visits: 1 }, 'profile_increment', { visits: 2 }) // { visits: 3 }
 */
export function applyProfile(profile: Profile, type: string, properties: Record<string, unknown>): Profile {
  if (type === 'profile_delete') return {};
  const next: Profile = { ...profile };
  for (const key of Object.keys(properties)) {
    const value = properties[key];
    const current = Object.prototype.hasOwnProperty.call(next, key) ? next[key] : undefined;
    switch (type) {
      case 'profile_set':
        next[key] = value;
        break;
      case 'profile_set_once':
        // Own keys only: `key in next` also finds toString, constructor, valueOf… on Object.prototype.
        if (!Object.prototype.hasOwnProperty.call(next, key)) next[key] = value;
        break;
      case 'profile_increment':
        next[key] = (typeof current === 'number' ? current : 0) + (value as number);
        break;
      case 'profile_append':
        next[key] = (Array.isArray(current) ? current : []).concat(value as string[]);
        break;
      case 'profile_unset':
        delete next[key];
        break;
    }
  }
  return next;
}

/**
 * The profile of two users merged into one: the surviving user's values win; keys only the
 * absorbed user had are kept.
 *
 * @example mergeProfiles({ plan: 'pro' }, { plan: 'free', city: 'Oslo' }) // { plan: 'pro', city: 'Oslo' }
 */
export function mergeProfiles(surviving: Profile, absorbed: Profile): Profile {
  return { ...absorbed, ...surviving };
}
