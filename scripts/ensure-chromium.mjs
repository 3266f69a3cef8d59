#!/usr/bin/env node
// Finds a Chromium for the browser tests and the benches, installing one where it can, before
// `npm test` or `npm run bench` use it. Order: $CHROMIUM_PATH, the OS package (/usr/bin/chromium),
// Playwright's own download; where none is present: the OS package when running as root with
// apt-get, else Playwright's download; where both fail, stop with the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function playwrightChromium() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright');
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function found() {
  if (process.env.CHROMIUM_PATH) {
    if (existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    process.exit(1);
  }
  return SYSTEM_PATHS.find((path) => existsSync(path)) ?? playwrightChromium();
}

function tryInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('No Chromium found: installing the OS package (apt-get install -y chromium)...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
    if (found()) return;
  }
  console.log("No Chromium found: trying Playwright's download (npx playwright install chromium)...");
  spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
}

let path = found();
if (!path) {
  tryInstall();
  path = found();
}
if (!path) {
  console.error(
    [
      'The browser tests need Chromium and none could be found or installed. Run one of:',
      '  sudo apt-get update && sudo apt-get install -y chromium     (Debian/Ubuntu)',
      '  npx playwright install chromium                           (Playwright download)',
      'or point CHROMIUM_PATH at an existing Chromium or Chrome binary, then run npm test again.',
    ].join('\n'),
  );
  process.exit(1);
}
const version = (() => {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'version unknown';
  }
})();
console.log(`Chromium for the browser tests: ${path} (${version})`);
