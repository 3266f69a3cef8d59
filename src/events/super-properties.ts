import { readJson, removeItem, writeJson } from '../lib/web-storage';
import { nameProblem } from './validate-name';

type Props = Record<string, unknown>;

/** Properties added to every `track` event; the store autotrack will also keep attribution in. */
export interface SuperProperties {
  /** A copy of what is registered, functions included. */
  get(): Props;
  /** Replaces every property with `properties` (already validated) and persists them. */
  set(properties: Props): void;
  unregister(key: string): void;
  /** Forgets everything, in memory and in localStorage. */
  clear(): void;
}

/**
 * The super properties of one tracker, kept in localStorage under `storageKey` (never in the
 * identity cookie, which holds IDs only and rides on every request to the site). Function
 * values live in memory for the page (a function cannot be stored); the track pipeline calls
 * them per event. What is loaded is trusted
 * no further than its keys' shape, since anything on the page may have written it.
 *
 * @example
 * const supers = createSuperProperties('tracklet_id_super');
 * supers.set({ ...supers.get(), member: 'VIP' });
 */
export function createSuperProperties(storageKey: string): SuperProperties {
  let props: Props = {};
  const stored = readJson<Props>(storageKey);
  if (stored && typeof stored === 'object') {
    for (const key of Object.keys(stored)) if (!nameProblem(key, true)) props[key] = stored[key];
  }
  // JSON.stringify leaves function values out: they are not persisted.
  const save = () => writeJson(storageKey, props);
  return {
    get: () => ({ ...props }),
    set(properties) {
      props = properties;
      save();
    },
    unregister(key) {
      delete props[key];
      save();
    },
    clear() {
      props = {};
      removeItem(storageKey);
    },
  };
}
