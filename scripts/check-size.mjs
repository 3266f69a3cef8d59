#!/usr/bin/env node
// Checks the gzip -9 size of the built bundles against scripts/size-budget.json. A budget is
// raised only with a reason written next to it ("why"). The npm-entry figure bundles a tiny app
// that imports only `track` and the identity calls, as a user's bundler would.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import terser from '@rollup/plugin-terser';

const budgets = JSON.parse(readFileSync(new URL('./size-budget.json', import.meta.url), 'utf8'));
const gzip = (code) => gzipSync(code, { level: 9 }).length;

async function npmEntrySize() {
  const app = "import t from './dist/index.mjs'; t.init({serverUrl:'/c'}); t.login('u'); t.bind('k','v'); t.unbind('k','v'); t.logout(); t.identify('a'); t.resetAnonymousIdentity(); t.track('e');";
  const bundle = await rollup({
    input: 'app',
    plugins: [{ name: 'app', resolveId: (id) => (id === 'app' ? id : null), load: (id) => (id === 'app' ? app : null) }],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', plugins: [terser({ format: { comments: false } })] });
  return gzip(output[0].code);
}

const measured = {
  'dist/tracklet.min.js': gzip(readFileSync('dist/tracklet.min.js')),
  'npm entry: track + identity': await npmEntrySize(),
  'dist/tracklet-sensors.min.js': gzip(readFileSync('dist/tracklet-sensors.min.js')),
};
let failed = false;
for (const [name, bytes] of Object.entries(measured)) {
  const budget = budgets[name].gzipBytes;
  const ok = bytes <= budget;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name}: ${bytes} bytes gzip -9 (budget ${budget})`);
}
if (failed) {
  console.error('A bundle is over its size budget (scripts/size-budget.json). Make it smaller, or raise the budget with a reason.');
  process.exit(1);
}
