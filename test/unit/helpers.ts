import type { Report } from '../../src/lib/report';
import type { Settings } from '../../src/options';
import type { Sender, SendResult } from '../../src/transport/sender';

/** A Report that records every call, for asserting on what was reported. */
export function recorder(): Report & { calls: { code: string; message: string; method?: string | undefined }[] } {
  const calls: { code: string; message: string; method?: string | undefined }[] = [];
  const report = ((code: string, message: string, method?: string) => void calls.push({ code, message, method })) as Report & { calls: typeof calls };
  report.calls = calls;
  return report;
}

/** A Map-backed localStorage installed on globalThis (Node has none). Returns it and a remover. */
export function fakeLocalStorage(): { store: Map<string, string>; restore(): void } {
  const store = new Map<string, string>();
  const methods = {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, String(value)),
    removeItem: (key: string) => void store.delete(key),
  };
  // Like the browser's Storage, Object.keys(localStorage) lists the stored keys.
  const storage = new Proxy(methods, {
    ownKeys: () => [...store.keys()],
    getOwnPropertyDescriptor: (_, key) => (typeof key === 'string' && store.has(key) ? { value: store.get(key), enumerable: true, configurable: true } : undefined),
  });
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true, writable: true });
  return { store, restore: () => void delete (globalThis as { localStorage?: unknown }).localStorage };
}

/**
 * A Sender that records each request body and answers when the test calls `answer`, or at
 * once with `auto` when given (then the requests are still recorded).
 */
export function fakeSender(auto?: SendResult) {
  const bodies: string[] = [];
  const answers: ((result: SendResult) => void)[] = [];
  const sender: Sender = {
    send: (_url, body = '') => {
      bodies.push(body);
      return auto ? Promise.resolve(auto) : new Promise((resolve) => answers.push(resolve));
    },
  };
  return { bodies, sender, answer: (result: SendResult) => answers.shift()?.(result) };
}

/**
 * Settings for a dispatcher under test, with `overrides`. Node 20 has no navigator or window
 * events, and the dispatcher asks whether the browser is online and listens for `online`: both
 * are stubbed on globalThis. (With neither IndexedDB nor localStorage in Node, a queue store
 * lives in its memory tier.)
 */
export function dispatcherSettings(overrides: Partial<Settings> = {}): Settings {
  const browserish = globalThis as { navigator?: unknown; addEventListener?: unknown };
  browserish.navigator ??= { onLine: true };
  browserish.addEventListener ??= () => undefined;
  return {
    serverUrl: 'http://127.0.0.1:9/c', debugMode: 0, sendType: 'ajax', batchSend: true, gzip: false,
    flushInterval: 10, batchSize: 50, batchBytes: 60_000, retryDelay: 10, maxRetryDelay: 20,
    maxQueueSize: 2000, maxQueueBytes: 2_000_000, maxEventAge: 864e5, resendAfter: 30_000,
    ...overrides,
  } as Settings;
}
