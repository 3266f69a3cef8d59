import { readJson, removeItem, writeJson } from '../lib/web-storage';
import { errorText, type Report } from '../lib/report';
import { nameProblem } from './validate-name';

type Props = Record<string, unknown>;

/** Properties added to every `track` event; the store autotrack will also keep attribution in. */
export interface SuperProperties {
  /** A copy of what is registered, functions included. */
  get(): Props;
  /** Adds or replaces properties (already validated) and persists them. */
  register(properties: Props): void;
  unregister(key: string): void;
  /** Forgets everything, in memory and in localStorage. */
  clear(): void;
  /** The values for one event: each function is called; one that throws is reported and left out. */
  resolve(event: string, report: Report): Props;
}

/**
 * The super properties of one tracker, kept in localStorage under `storageKey` (never in the
 * identity cookie, which holds IDs only and rides on every request to the site). Function
 * values live in memory for the page: a function cannot be stored. What is loaded is trusted
 * no further than its keys' shape, since anything on the page may have written it.
 *
 * @example
 * const supers = createSuperProperties('tracklet_id_super');
 * supers.register({ member: 'VIP' });
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
    register(properties) {
      Object.assign(props, properties);
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
    resolve(event, report) {
      const values: Props = {};
      for (const key of Object.keys(props)) {
        const value = props[key];
        try {
          values[key] = typeof value === 'function' ? value(event) : value;
        } catch (error) {
          report('super_property_failed', 'track(' + JSON.stringify(event) + '): super property "' + key + '" threw ' + errorText(error) + '; left out', 'track');
        }
      }
      return values;
    },
  };
}
