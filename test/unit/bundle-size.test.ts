import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packedProject, removePackedProjects, ROOT } from './helpers/packed';

after(removePackedProjects);

// What a user's app carries, bundled by esbuild (minified, for browsers) from the packed
// package, as an app built with Vite or esbuild would be. The budgets are in
// scripts/size-budget.json; this test prints every figure.
const APPS = {
  'tracklet, init + track': "import tracklet from 'tracklet';\ntracklet.init({ serverUrl: '/sa' });\ntracklet.track('purchase', { price: 5 });",
  'tracklet/core, init + track': "import tracklet from 'tracklet/core';\ntracklet.init({ serverUrl: '/sa' });\ntracklet.track('purchase', { price: 5 });",
  'tracklet/core + tracklet/autotrack': "import tracklet from 'tracklet/core';\nimport { autotrack } from 'tracklet/autotrack';\ntracklet.init({ serverUrl: '/sa', plugins: [autotrack] });\ntracklet.track('purchase', { price: 5 });",
};
const gzip = (code: Uint8Array | string) => gzipSync(code, { level: 9 }).length;
const budgets = JSON.parse(readFileSync(join(ROOT, 'scripts/size-budget.json'), 'utf8')) as Record<string, { gzipBytes: number }>;

test('an app that only tracks bundles tracklet/core without autotrack; sizes within their budgets', async (t) => {
  const dir = packedProject('tracklet-bundle-');
  const sizes: Record<string, number> = {};
  for (const [name, code] of Object.entries(APPS)) {
    const file = join(dir, name.replace(/\W+/g, '-') + '.js');
    writeFileSync(file, code);
    const result = await build({ entryPoints: [file], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2020', write: false, absWorkingDir: dir, logLevel: 'silent' });
    sizes[name] = gzip(result.outputFiles[0]!.contents);
  }
  sizes['script tag: dist/tracklet.min.js'] = gzip(readFileSync(join(ROOT, 'dist/tracklet.min.js')));
  for (const [name, bytes] of Object.entries(sizes)) t.diagnostic(`${name}: ${bytes} bytes gzip -9`);

  const core = sizes['tracklet/core, init + track']!;
  const full = sizes['tracklet, init + track']!;
  assert.ok(full - core > 1000, `autotrack leaves the core app: ${full} -> ${core}`);
  assert.ok(Math.abs(sizes['tracklet/core + tracklet/autotrack']! - full) < 200, 'core plus the plugin is the full entry, give or take the plugin checks of tracklet/core');
  assert.ok(core <= budgets['esbuild app: tracklet/core, init + track']!.gzipBytes, `core app ${core} bytes, over its budget`);
  assert.ok(full <= budgets['esbuild app: tracklet, init + track']!.gzipBytes, `full app ${full} bytes, over its budget`);
});
