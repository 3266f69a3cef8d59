import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import type { RollupOptions } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { rmSync } from 'node:fs';

// A clean dist/ each build: chunk names change, and a stale one must not be packed.
rmSync('dist', { recursive: true, force: true });

// Dependencies (uuid, js-cookie, idb-keyval) are bundled into every output: only the few
// functions used are kept, the npm entry has no ESM/CJS interop hazards, and its size is ours
// to budget.
const plugins = () => [nodeResolve({ browser: true }), typescript({ tsconfig: './tsconfig.build.json' })];

const NPM_ENTRIES = { index: 'src/index.ts', core: 'src/core-entry.ts', autotrack: 'src/autotrack-entry.ts' };

const INTERNAL_PROPERTIES = new RegExp(
  '^(' +
    [
      ...['identity', 'dispatcher', 'supers', 'timers', 'applyIdentity', 'registerSupers', 'erase', 'profile'], // core
      ...['enqueue', 'sendOnHide', 'isNew', 'reload', 'setLatest', 'onHide', 'unregister'], // parts' methods
      ...['cookieId', 'anonymousId', 'loginId', 'bindings', 'libMethod', 'trackId', 'originalId'], // identity state, payload input
      ...['where', 'maxLength', 'kind', 'siteDomain', 'firstVisit', 'firstDay', 'keyword'], // contexts
    ].join('|') +
    ')$',
);

const minify = terser({
  ecma: 2020,
  module: false,
  compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
  // Property names that only tracklet's own modules use (no option, payload, public method,
  // DOM or stored name) are shortened too: -120 bytes gzip. Never add a name that is read
  // from the user's options, sent, stored, or shared with a browser API: it would break.
  mangle: { properties: { regex: INTERNAL_PROPERTIES } },
  format: { comments: false },
});

const config: RollupOptions[] = [
  {
    input: 'src/snippet.ts',
    output: { file: 'dist/tracklet.min.js', format: 'iife', sourcemap: true, plugins: [minify] },
    plugins: plugins(),
  },
  {
    input: NPM_ENTRIES,
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name].mjs' },
    plugins: plugins(),
  },
  {
    // require('tracklet') and require('tracklet/core') give the default tracker itself.
    input: { index: 'src/cjs/index.ts', core: 'src/cjs/core.ts', autotrack: 'src/autotrack-entry.ts' },
    output: { dir: 'dist', format: 'cjs', sourcemap: true, exports: 'auto', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name].cjs' },
    plugins: plugins(),
  },
  // Types, one self-contained file per entry: .d.ts for import, the same as .d.cts for require.
  ...Object.entries(NPM_ENTRIES).map(([name, input]) => ({
    input,
    output: [
      { file: `dist/${name}.d.ts`, format: 'es' as const },
      { file: `dist/${name}.d.cts`, format: 'es' as const },
    ],
    plugins: [dts()],
  })),
  // tracklet/playwright: the Node test kit, never in a browser bundle; @playwright/test is the user's.
  ...playwrightKit(),
];

function playwrightKit(): RollupOptions[] {
  const input = 'src/playwright/index.ts';
  const external = [/^@playwright\/test/, /^node:/];
  return [
    {
      input,
      external,
      output: [
        { file: 'dist/playwright.mjs', format: 'es', sourcemap: true },
        { file: 'dist/playwright.cjs', format: 'cjs', sourcemap: true, exports: 'named' },
      ],
      plugins: [typescript({ tsconfig: './tsconfig.playwright.json' })],
    },
    { input, external, output: [{ file: 'dist/playwright.d.ts' }, { file: 'dist/playwright.d.cts' }], plugins: [dts()] },
  ];
}

export default config;
