import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';

/** Flags for headless Chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium to drive: $CHROMIUM_PATH, the OS package, or Playwright's own download. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/**
 * Launches headless Chromium. `hostMap` resolves extra host names to 127.0.0.1, so tests can
 * use subdomain-like hosts (a.tracklet.test, b.tracklet.test) served by the local server.
 *
 * `bfcache: true` leaves the back/forward cache on (Playwright disables it by default).
 *
 * @example const browser = await launchChromium(['*.tracklet.test']);
 */
export function launchChromium(hostMap: string[] = [], options: { bfcache?: boolean } = {}): Promise<Browser> {
  const args = [...CHROMIUM_ARGS];
  if (hostMap.length) args.push('--host-resolver-rules=' + hostMap.map((host) => 'MAP ' + host + ' 127.0.0.1').join(','));
  const executablePath = chromiumPath();
  // Playwright turns the back/forward cache off by default; `bfcache` keeps Chromium's default (on).
  const ignoreDefaultArgs = options.bfcache ? ['--disable-back-forward-cache'] : [];
  return chromium.launch(executablePath ? { executablePath, args, ignoreDefaultArgs } : { args, ignoreDefaultArgs });
}
