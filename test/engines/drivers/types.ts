/** The three browser engines the cross-engine suite runs in. */
export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** A cookie as every driver reports it (seconds since the epoch for `expires`; -1: session). */
export interface Cookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  secure: boolean;
  sameSite: string;
  expires: number;
}

/**
 * One open tab. `evaluate` runs a function in the page (its source text is sent, so it must
 * not close over test variables: pass them as arguments) and resolves to its JSON result,
 * promises awaited.
 */
export interface Tab {
  /** Opens `url` and resolves once its `load` event has fired. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  evaluate<A extends unknown[], T>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T>;
  /** The cookies the current page can see. */
  cookies(): Promise<Cookie[]>;
  close(): Promise<void>;
}

/** A fresh browsing profile: no cookies, no storage; its tabs share cookies and storage. */
export interface Profile {
  newTab(): Promise<Tab>;
  close(): Promise<void>;
}

/** One running browser of one engine. */
export interface EngineBrowser {
  readonly engine: EngineName;
  /** The browser's name and version, for the test log. */
  readonly version: string;
  newProfile(): Promise<Profile>;
  close(): Promise<void>;
}

/**
 * The source text of a call of `fn` with `args`, as an expression (JSON arguments only). It
 * defines `__name` first: tsx (esbuild keepNames) wraps named inner functions in `__name(...)`
 * calls, which a page does not have.
 */
export function callSource(fn: (...args: never[]) => unknown, args: unknown[]): string {
  return '(globalThis.__name || (globalThis.__name = (f) => f), (' + fn.toString() + ')(...' + JSON.stringify(args) + '))';
}
