import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SdkAdapter } from './sdks';
import { ROOT } from './site';

/**
 * The installed version of an SDK's package (tracklet: this repository's package.json).
 *
 * @example sdkVersion(posthog) // '1.449.2'
 */
export function sdkVersion(sdk: SdkAdapter): string {
  const file = sdk.name === 'tracklet' ? join(ROOT, 'package.json') : join(ROOT, 'node_modules', sdk.packageName, 'package.json');
  try {
    return String(JSON.parse(readFileSync(file, 'utf8')).version);
  } catch {
    return 'unknown';
  }
}
