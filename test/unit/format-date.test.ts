import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate } from '../../src/events/format-date';

const ORIGINAL_TZ = process.env.TZ;

// formatDate prints the user's local wall time. In UTC (where CI runs) local time is UTC, so a
// wrong shift would go unseen: these tests switch the process's time zone (Node applies a new
// process.env.TZ at once) to zones east and west of Greenwich.
function inZone(t: { after: (fn: () => void) => void }, zone: string) {
  const before = process.env.TZ;
  process.env.TZ = zone;
  t.after(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}

test('a Date is sent as the local wall time east of Greenwich (UTC+8)', (t) => {
  inZone(t, 'Asia/Shanghai');
  assert.equal(new Date(Date.UTC(2026, 0, 1, 16, 30, 0, 6)).getTimezoneOffset(), -480, 'the zone took effect');
  assert.equal(formatDate(new Date(Date.UTC(2026, 0, 1, 16, 30, 0, 6))), '2026-01-02 00:30:00.006');
});

test('a Date is sent as the local wall time west of Greenwich (UTC-5), and a half-hour zone keeps its minutes', (t) => {
  inZone(t, 'America/New_York');
  assert.equal(formatDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))), '2026-01-01 22:04:05.006');
  process.env.TZ = 'Asia/Kolkata';
  assert.equal(formatDate(new Date(Date.UTC(2026, 0, 1, 20, 0, 0, 0))), '2026-01-02 01:30:00.000');
});

test('the local fields of the Date are what is printed, in every zone', (t) => {
  inZone(t, 'UTC');
  for (const zone of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Adelaide']) {
    process.env.TZ = zone;
    const date = new Date(2026, 6, 4, 9, 8, 7, 65);
    assert.equal(formatDate(date), '2026-07-04 09:08:07.065', zone);
  }
});

test('the zone is restored after each test', () => {
  assert.equal(process.env.TZ, ORIGINAL_TZ);
});
