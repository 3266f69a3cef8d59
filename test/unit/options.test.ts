import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveSettings } from '../../src/options';
import { recorder } from './helpers';

before(() => Object.defineProperty(globalThis, 'location', { value: { href: 'https://shop.example.com/p' }, configurable: true }));
after(() => void delete (globalThis as { location?: unknown }).location);

test('debug mode 1 adds debug=1 to the collector URL (the dry-run marker); 0 and 2 do not', () => {
  const report = recorder();
  assert.equal(resolveSettings({ serverUrl: '/collect', debugMode: 1 }, report)!.serverUrl, 'https://shop.example.com/collect?debug=1');
  assert.equal(resolveSettings({ serverUrl: 'https://c.example.com/sa?project=x', debugMode: 1 }, report)!.serverUrl, 'https://c.example.com/sa?project=x&debug=1');
  assert.equal(resolveSettings({ serverUrl: '/collect', debugMode: 2 }, report)!.serverUrl, 'https://shop.example.com/collect');
  assert.equal(resolveSettings({ serverUrl: '/collect' }, report)!.debugMode, 0);
  assert.deepEqual(report.calls, []);
});

test('maxStringLength, requireConsent and beforeSend are read with their defaults', () => {
  const report = recorder();
  const defaults = resolveSettings({ serverUrl: '/c' }, report)!;
  assert.equal(defaults.maxStringLength, 255);
  assert.equal(defaults.requireConsent, false);
  assert.equal(defaults.beforeSend, undefined);
  const hook = () => false as const;
  const given = resolveSettings({ serverUrl: '/c', maxStringLength: 1000, requireConsent: true, beforeSend: hook }, report)!;
  assert.equal(given.maxStringLength, 1000);
  assert.equal(given.requireConsent, true);
  assert.equal(given.beforeSend, hook);
  assert.deepEqual(report.calls, []);
  const bad = recorder();
  assert.equal(resolveSettings({ serverUrl: '/c', maxStringLength: -1 }, bad)!.maxStringLength, 255);
  assert.equal(resolveSettings({ serverUrl: '/c', maxStringLength: 0.5 }, bad)!.maxStringLength, 1);
  assert.equal(bad.calls.length, 1);
  assert.match(bad.calls[0]!.message, /maxStringLength must be a positive number/);
});
