#!/usr/bin/env node
// Finds Firefox and WebKit for the cross-engine browser tests (test/engines/), installing what
// is missing the way ensure-chromium.mjs does: the OS packages when running as root with
// apt-get, else it stops with the exact command to run. A missing engine fails the run; it is
// never skipped. Playwright's own Firefox and WebKit builds are not used (they are downloads).
// $TRACKLET_ENGINES (e.g. "chromium,firefox") limits the check to those engines.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Where each engine's parts live on Debian/Ubuntu, and the packages that bring them. */
const ENGINES = {
  firefox: {
    parts: { 'Firefox ESR': () => firstExisting([process.env.FIREFOX_PATH, '/usr/bin/firefox-esr']) },
    packages: ['firefox-esr'],
  },
  webkit: {
    parts: {
      WebKitWebDriver: () => firstExisting([process.env.WEBKIT_DRIVER_PATH, '/usr/bin/WebKitWebDriver']),
      MiniBrowser: () => firstExisting([process.env.MINIBROWSER_PATH, ...multiarch('webkit2gtk-4.1/MiniBrowser')]),
      Xvfb: () => firstExisting(['/usr/bin/Xvfb']),
    },
    packages: ['webkit2gtk-driver', 'xvfb'],
  },
};

function firstExisting(paths) {
  return paths.find((path) => path && existsSync(path));
}

function multiarch(file) {
  try {
    return readdirSync('/usr/lib').filter((dir) => dir.endsWith('-linux-gnu')).map((dir) => `/usr/lib/${dir}/${file}`);
  } catch {
    return [];
  }
}

const wanted = (process.env.TRACKLET_ENGINES || 'firefox,webkit').split(',').map((name) => name.trim()).filter((name) => name in ENGINES);
const missing = () => wanted.flatMap((engine) => Object.entries(ENGINES[engine].parts).filter(([, find]) => !find()).map(([part]) => ({ engine, part })));
const packagesFor = (gaps) => [...new Set(gaps.flatMap(({ engine }) => ENGINES[engine].packages))];

let gaps = missing();
if (gaps.length) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    const packages = packagesFor(gaps);
    console.log(`Missing for the cross-engine tests: ${gaps.map((gap) => gap.part).join(', ')}; installing the OS packages (apt-get install -y ${packages.join(' ')})...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env });
    gaps = missing();
  }
}
if (gaps.length) {
  console.error(
    [
      `The browser tests run in Chromium, Firefox and WebKit; missing: ${gaps.map((gap) => `${gap.part} (${gap.engine})`).join(', ')}. Run:`,
      `  sudo apt-get update && sudo apt-get install -y ${packagesFor(gaps).join(' ')}     (Debian/Ubuntu)`,
      'or point FIREFOX_PATH, WEBKIT_DRIVER_PATH or MINIBROWSER_PATH at existing binaries, then run npm test again.',
    ].join('\n'),
  );
  process.exit(1);
}

const version = (path, args) => {
  try {
    return execFileSync(path, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim().split('\n')[0];
  } catch {
    return 'version unknown';
  }
};
for (const engine of wanted) {
  const parts = Object.entries(ENGINES[engine].parts).map(([part, find]) => `${part} ${find()}`);
  const shown = engine === 'firefox' ? ` (${version(ENGINES.firefox.parts['Firefox ESR'](), ['--version'])})` : '';
  console.log(`${engine} for the browser tests: ${parts.join(', ')}${shown}`);
}
