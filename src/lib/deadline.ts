/**
 * `work`, or a rejection once `ms` have passed without an answer; the timer goes as soon as
 * `work` settles, so a busy caller leaves none behind.
 *
 * @example await withDeadline(store.put(events), 5000).catch(() => fallBack());
 */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(reject, ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
