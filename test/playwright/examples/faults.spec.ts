import { expect, test } from 'tracklet/playwright';

// Fault injection: the site's tracker must deliver every event through a collector that
// answers 503 for a while, a network that goes away, and slow answers.

test('events tracked while the collector answers 503 arrive once it recovers', async ({ page, analytics }) => {
  analytics.fail({ status: 503, times: 2, retryAfter: 1 });
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await expect(analytics).toHaveTracked('buy', { total: 81 }, { timeout: 15_000 });
  expect(analytics.requests.slice(0, 2).map((r) => r.status)).toEqual([503, 503]);
  expect(analytics.duplicates).toEqual([]);
});

test('events tracked offline arrive once the browser is back online', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await analytics.flush(page);
  await analytics.setOffline(true);
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await page.waitForTimeout(1500);
  expect(analytics.events.map((e) => e.event)).not.toContain('buy');
  await analytics.setOffline(false);
  await expect(analytics).toHaveTracked('buy', { total: 81 }, { times: 1, timeout: 15_000 });
});

test('a slow collector holds flush() until it answers', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await analytics.flush(page);
  analytics.delay(1500);
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  const started = Date.now();
  await analytics.flush(page);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  await expect(analytics).toHaveTracked('buy', {}, { timeout: 0 });
  await analytics.recover();
});
