import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { newTrackId, newUuid } from '../../src/lib/ids';
import { VERSION } from '../../src/version';

test('VERSION ($lib_version) equals the package version', () => {
  assert.equal(VERSION, JSON.parse(readFileSync('package.json', 'utf8')).version);
});

test('_track_id values are safe integers with no collision in 100,000 draws', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 100_000; i++) {
    const id = newTrackId();
    assert.ok(Number.isSafeInteger(id) && id >= 0);
    seen.add(id);
  }
  assert.equal(seen.size, 100_000);
  assert.ok([...seen].some((id) => id > 2 ** 40), 'uses the high bits too');
});

test('anonymous IDs are v4 UUIDs', () => {
  assert.match(newUuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
