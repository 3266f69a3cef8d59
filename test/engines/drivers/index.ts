import { launchChromiumEngine } from './chromium';
import { launchFirefoxEngine } from './firefox';
import type { EngineBrowser, EngineName } from './types';
import { launchWebKitEngine } from './webkit';

export type { Cookie, EngineBrowser, EngineName, Profile, Tab } from './types';

export const ALL_ENGINES: EngineName[] = ['chromium', 'firefox', 'webkit'];

/**
 * The engines to run: all three, or the comma-separated subset in $TRACKLET_ENGINES (for a
 * quicker run while working on one engine; `npm test` and CI run all three).
 */
export function selectedEngines(): EngineName[] {
  const wanted = process.env.TRACKLET_ENGINES?.split(',').map((name) => name.trim()).filter(Boolean);
  if (!wanted?.length) return ALL_ENGINES;
  const unknown = wanted.filter((name) => !ALL_ENGINES.includes(name as EngineName));
  if (unknown.length) throw new Error('TRACKLET_ENGINES: unknown engine ' + unknown.join(', ') + '; known: ' + ALL_ENGINES.join(', '));
  return wanted as EngineName[];
}

/**
 * Starts a browser of `engine`. Fails (never skips) when the engine is missing: the finder,
 * scripts/ensure-engines.mjs, says how to install it.
 *
 * @example const browser = await launchEngine('webkit');
 */
export function launchEngine(engine: EngineName): Promise<EngineBrowser> {
  const launch = { chromium: launchChromiumEngine, firefox: launchFirefoxEngine, webkit: launchWebKitEngine }[engine];
  return launch().catch((error: Error) => {
    throw new Error(`${engine} could not be started (run node scripts/ensure-engines.mjs to find or install it): ${error.message}`);
  });
}
