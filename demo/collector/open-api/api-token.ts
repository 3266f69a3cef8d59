import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ApiToken {
  value: string;
  /** Where it came from: the environment, the data folder, or made now (and kept there). */
  source: 'environment' | 'file' | 'generated';
  file: string;
}

const TOKEN_FILE = 'open-api-token';

/**
 * The open API's token: `TRACKLET_API_TOKEN` (or the `token` option) when set; otherwise the
 * one kept in `<dataDir>/open-api-token`; otherwise a new random one, written there (mode 0600)
 * so it stays the same across restarts.
 *
 * @example const token = loadApiToken('demo/data', process.env.TRACKLET_API_TOKEN);
 */
export function loadApiToken(dataDir: string, configured: string | undefined): ApiToken {
  const file = join(dataDir, TOKEN_FILE);
  if (configured) return { value: configured, source: 'environment', file };
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept) return { value: kept, source: 'file', file };
  } catch {
    // None kept yet: make one below.
  }
  const value = randomBytes(24).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return { value, source: 'generated', file };
}

/**
 * Compares a given token with the expected one in constant time (hashes first, so the lengths
 * match).
 *
 * @example tokenMatches(url.searchParams.get('token'), token.value)
 */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
