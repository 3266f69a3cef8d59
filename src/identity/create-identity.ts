import { freshState, type IdentityState } from './identity-state';
import type { IdentityStore } from './cookie-store';
import type { IdentityEvent, Transition } from './transitions';

export interface Identity {
  /** The current state, from memory: reading it never touches `document.cookie`. */
  get(): IdentityState;
  /** True when this page load made a new user (no cookie was found). */
  readonly isNew: boolean;
  /**
   * Takes a transition's new state, writing the cookie only if it changed. Returns the event
   * to send, undefined when there is none, or the refusal's reason.
   */
  apply(transition: Transition): { event?: IdentityEvent } | { error: string };
  /** Re-reads the cookie, e.g. when the tab becomes visible after another tab logged in. */
  reload(): void;
}

/**
 * The identity module: state in memory, persisted through `store` on every change.
 *
 * @example
 * const identity = createIdentity(createCookieStore(options), newUuid);
 * identity.apply(login(identity.get(), 'alice'));
 */
export function createIdentity(store: IdentityStore, newId: () => string): Identity {
  let state = store.load();
  const isNew = !state;
  if (!state) {
    state = freshState(newId());
    store.save(state);
  }
  let current: IdentityState = state;
  return {
    get: () => current,
    isNew,
    apply(transition) {
      if ('error' in transition) return transition;
      if (transition.state !== current) {
        current = transition.state;
        store.save(current);
      }
      return transition.event ? { event: transition.event } : {};
    },
    reload() {
      current = store.load() ?? current;
    },
  };
}
