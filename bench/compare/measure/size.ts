import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { SdkAdapter } from '../sdks';
import { ROOT } from '../site';

export interface SizeResult {
  raw: number;
  gzip: number;
}

/**
 * Bytes of the SDK's script-tag file, raw and gzip -9 (the same measure as
 * scripts/check-size.mjs).
 *
 * @example measureSize(tracklet).gzip
 */
export function measureSize(sdk: SdkAdapter): SizeResult {
  const bytes = readFileSync(join(ROOT, sdk.scriptFile));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
