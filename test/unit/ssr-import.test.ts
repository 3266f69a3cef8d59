import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

// Runs against the built npm entry (npm test builds first), as a server-side renderer would.
test('the ESM and CJS entries import under Node without a window and never throw', async () => {
  assert.ok(existsSync('dist/index.mjs') && existsSync('dist/index.cjs'), 'dist/ is missing: run npm run build first');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const esm = await import('../../dist/index.mjs' as string);
  const cjs = createRequire(import.meta.url)('../../dist/index.cjs');
  for (const entry of [esm, cjs]) {
    const tracklet = entry.default;
    assert.equal(typeof entry.createTracker, 'function');
    const errors: string[] = [];
    tracklet.init({ serverUrl: 'https://collect.example.com', onError: (e: { code: string }) => errors.push(e.code) });
    tracklet.track('ssrEvent', { a: 1 });
    tracklet.login('u1');
    assert.equal(tracklet.getDistinctId(), '');
    await tracklet.flush();
    assert.deepEqual(errors, ['no_dom'], 'init under Node reports once that tracking is off');
  }
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined', 'nothing defined a window');
});
