/**
 * Every wait of the bench is bounded in time; these are the only ways it waits.
 */

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `done` every 50 ms until it is true or `timeoutMs` passed; returns whether it became
 * true.
 *
 * @example await waitUntil(() => arrived() >= 20, 8000)
 */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * `promise`, or a rejection naming `label` after `ms` (the promise itself is not cancelled:
 * the caller closes the page or context it runs in).
 *
 * @example await withTimeout(page.evaluate(loop), 60_000, 'track loop')
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no result after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
