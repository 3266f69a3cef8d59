/**
 * localStorage that never throws: it is missing under SSR, throws in sandboxed frames and when
 * the user blocks site data, and `setItem` throws when the quota is full.
 *
 * @example writeJson('tracklet_id_visit', { d: '2026-11-23' });
 */
export function readJson<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage unavailable or full: the value lives for this page only.
  }
}

export function removeItem(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}
