import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStore, SUMMARY_PROPERTY_COLUMNS } from '../../demo/collector/store';
import type { ValidEvent } from '../../demo/collector/validate';
import { startTestCollector, TEST_STORE, trackEvent } from './helpers/collector-server';

// The live feed shows the summary ingest returns; the viewer's list reads the same fields back
// from the stored payload (SUMMARY_PROPERTY_COLUMNS). A row must not change on reload.
// On the store the suite runs on (SQLite, or PostgreSQL under TRACKLET_TEST_STORE=postgres).
test('the summary of a stored event is what the viewer reads back: browser, OS, device, path', async (t) => {
  const collector = await startTestCollector();
  t.after(() => collector.stop());
  const store = createStore(collector.database);
  const events = [
    trackEvent('c1', { properties: { $browser: 'Chrome', $browser_version: 131, $os: 'Linux', $os_version: '6.1', $device_type: 'desktop', $url_path: '/a', $url: 'https://a.test/b' } }),
    trackEvent('c2', { properties: { $url: 'https://a.test/only-url', $browser: ['not', 'text'], $os: true } }),
    trackEvent('c3', { properties: {} }),
  ] as unknown as ValidEvent[];
  const { stored } = await store.ingest(events, 1000);
  const pick = (summary: object) => {
    const row = summary as Record<string, unknown>;
    return { browser: row.browser, browser_version: row.browser_version, os: row.os, os_version: row.os_version, device_type: row.device_type, path: row.path };
  };
  assert.deepEqual(stored.map(pick), [
    { browser: 'Chrome', browser_version: '131', os: 'Linux', os_version: '6.1', device_type: 'desktop', path: '/a' },
    { browser: null, browser_version: null, os: null, os_version: null, device_type: null, path: 'https://a.test/only-url' },
    { browser: null, browser_version: null, os: null, os_version: null, device_type: null, path: null },
  ]);
  const readBack = await collector.database.query<Record<string, unknown>>(`SELECT ${SUMMARY_PROPERTY_COLUMNS[TEST_STORE]} FROM events ORDER BY id`);
  assert.deepEqual(readBack.map(pick), stored.map(pick));
});
