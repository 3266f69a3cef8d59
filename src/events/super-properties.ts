import type { Report } from '../lib/report';
import { readJson, removeItem, writeJson } from '../lib/web-storage';
import { nameProblem, quote } from './validate-name';

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
 * no further than its keys' shape, since anything on the page may have written it, or an
 * older tracklet whose naming rules let `prototype` through: such a key would make every
 * event fail at the collector, so it is dropped, reported and removed from storage.
 *
 * @example
 * const supers = createSuperProperties('tracklet_id_super', report);
 * supers.set({ ...supers.get(), member: 'VIP' });
 */
export function createSuperProperties(storageKey: string, report: Report): SuperProperties {
  let props: Props = {};
  // JSON.stringify leaves function values out: they are not persisted.
  const save = () => writeJson(storageKey, props);
  const stored = readJson<Props>(storageKey);
  if (stored && typeof stored === 'object') {
    for (const key of Object.keys(stored)) {
      const problem = nameProblem(key, true);
      if (!problem) props[key] = stored[key];
      else report('invalid_property', 'stored super property ' + quote(key) + ' dropped: the key ' + problem);
    }
    if (Object.keys(props).length < Object.keys(stored).length) save();
  }
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
