import { expect, test } from 'tracklet/playwright';

// What the checkout sends, compared with a committed snapshot: analytics.snapshot() removes
// what changes from run to run (times, track IDs, generated IDs, sessions, screen sizes, the
// site's port), so the same clicks give the same text.

test('the checkout sends what it sent before', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await analytics.flush(page);
  expect(analytics.snapshot({ types: ['$pageview', 'buy', '$SignUp'] })).toMatchSnapshot('checkout.json');
});
