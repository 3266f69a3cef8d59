import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const OUT = join(ROOT, '.tmp', 'router-apps');

export type RouterApp = 'react' | 'vue';

let built: Promise<void> | undefined;

/**
 * Bundles the small router apps of `test/browser/router-apps/` (React Router 7, Vue Router 4)
 * into `.tmp/router-apps/` (git-ignored), once per test process. `tracklet` resolves to the
 * built npm entry `dist/index.mjs`, as an app installing the package gets it: run
 * `npm run build` first.
 *
 * @example await buildRouterApps(); server.page('/app/', routerAppPage('react', 'data', '/app/', options), true);
 */
export function buildRouterApps(): Promise<void> {
  built ??= build({
    entryPoints: ['react-app.js', 'vue-app.js'].map((name) => join(ROOT, 'test', 'browser', 'router-apps', name)),
    outdir: OUT,
    bundle: true,
    format: 'esm',
    minify: true,
    logLevel: 'warning',
    alias: { tracklet: join(ROOT, 'dist', 'index.mjs') },
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
  }).then(() => undefined);
  return built;
}

/**
 * The HTML of one app, its bundle inline (the test server serves pages, not files): the server's
 * static title "Shop" until the app sets its own, the init options in `window.TRACKLET_OPTIONS`.
 * `mode`: 'declarative' or 'data' (React), 'history' or 'hash' (Vue); `base`: the path the app
 * is served under, e.g. '/react/' (its routes are '/', '/products', ... below it); `extraScript`
 * runs before the app.
 */
export function routerAppPage(app: RouterApp, mode: string, base: string, options: Record<string, unknown>, extraScript = ''): string {
  const bundle = readFileSync(join(OUT, app + '-app.js'), 'utf8');
  return `<!doctype html><html><head><title>Shop</title></head><body><div id="root"></div>
<script>
window.__errors = [];
addEventListener('error', (e) => window.__errors.push(String(e.message)));
window.APP_MODE = ${JSON.stringify(mode)};
window.APP_BASE = ${JSON.stringify(base)};
window.TRACKLET_OPTIONS = Object.assign(${JSON.stringify(options)}, { onError: (e) => window.__errors.push('onError:' + e.code + ':' + e.message) });
${extraScript}
</script>
<script type="module">${bundle}</script></body></html>`;
}
