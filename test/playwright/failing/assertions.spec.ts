import { expect, test } from 'tracklet/playwright';

// Each test here FAILS on purpose: test/browser/playwright-kit.test.ts runs them with
// TRACKLET_KIT_FAILING=1 and checks that every failure message says what was expected, what
// arrived, and which payloads came nearest. Run by hand: TRACKLET_KIT_FAILING=1 npm run test:kit

test('wrong property value', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await expect(analytics).toHaveTracked('buy', { total: 99, currency: 'EUR' });
});

test('event never sent', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await expect(analytics).toHaveTracked('refund');
});

test('not, but it was sent', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await analytics.flush(page);
  await expect(analytics).not.toHaveTracked('buy');
});

test('count form, sent once', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await expect(analytics).toHaveTracked('buy', { currency: 'EUR' }, { times: 2 });
});

test('identity of another user', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(analytics).toHaveIdentity({ loginId: 'someone_else' });
});

test.describe('the collector URL the site does not use', () => {
  test.use({ analyticsOptions: { serverUrl: 'https://collect.example.com/sa' } });
  test('nothing arrives', async ({ page, analytics }) => {
    await page.goto('/checkout.html');
    await expect(analytics).toHaveTracked('$pageview');
  });
});
