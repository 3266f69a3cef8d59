import { expect as baseExpect, test as base } from '@playwright/test';
import { recordAnalytics } from './analytics';
import { toHaveIdentity, toHaveTracked } from './matchers';
import type { Analytics, AnalyticsOptions } from './types';

/** The fixtures `test` adds to Playwright's. */
export interface AnalyticsFixtures {
  /** What the site sent to its collector during this test (see `Analytics`). */
  analytics: Analytics;
  /** Set with `test.use({ analyticsOptions: { serverUrl: '**\/sa' } })`. */
  analyticsOptions: AnalyticsOptions;
}

/**
 * Playwright's `test` with an `analytics` fixture: a fake collector in front of every page of
 * the test's context, recording what tracklet sends. When a test fails, the payloads are
 * attached to its report as `analytics-payloads.json`.
 *
 * @example
 * import { test, expect } from 'tracklet/playwright';
 * test('checkout tracks the purchase', async ({ page, analytics }) => {
 *   await page.goto('/checkout');
 *   await page.getByRole('button', { name: 'Buy' }).click();
 *   await expect(analytics).toHaveTracked('buy', { price: 5 });
 * });
 */
export const test = base.extend<AnalyticsFixtures>({
  analyticsOptions: [{}, { option: true }],
  analytics: async ({ context, baseURL, analyticsOptions }, use, testInfo) => {
    const analytics = await recordAnalytics(context, { ...analyticsOptions, baseURL });
    await use(analytics);
    await analytics.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('analytics-payloads.json', { body: JSON.stringify(analytics.payloads, null, 2), contentType: 'application/json' });
    }
  },
});

/**
 * Playwright's `expect` with the analytics matchers: `toHaveTracked(event, properties?,
 * { times? })` and `toHaveIdentity({ loginId?, anonymousId?, distinctId?, identities? })`; both
 * wait like web-first assertions and work with `.not`.
 *
 * @example await expect(analytics).toHaveTracked('buy', { price: 5 }, { times: 1 });
 */
export const expect = baseExpect.extend({ toHaveTracked, toHaveIdentity });
