import { expect, test } from 'tracklet/playwright';

// The README's example, on the demo shop: a purchase, a pageview, and a login that stitches the
// anonymous history to the user.

test('checkout tracks the purchase', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Pay 81 €' }).click();
  await expect(analytics).toHaveTracked('buy', { total: 81, currency: 'EUR' });
  expect(analytics.events.filter((e) => e.event === '$pageview')).toHaveLength(1);
});

test('signing in sends $SignUp and the login ID from then on', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(analytics).toHaveTracked('$SignUp');
  await expect(analytics).toHaveIdentity({ loginId: 'user_42', identities: { $identity_login_id: 'user_42' } });
  const anonymousId = analytics.events[0]!.anonymous_id;
  await expect(analytics).toHaveIdentity({ anonymousId: anonymousId! });
});

test('the count form and .not', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  const pay = page.getByRole('button', { name: 'Pay 81 €' });
  await pay.click();
  await pay.click();
  await expect(analytics).toHaveTracked('buy', { total: 81 }, { times: 2 });
  await analytics.flush(page);
  await expect(analytics).not.toHaveTracked('refund');
  await expect(analytics).not.toHaveTracked('buy', { total: 82 });
});
