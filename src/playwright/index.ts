/**
 * `tracklet/playwright`: assert what a site sends to its collector in `@playwright/test`
 * tests, with no collector running. Node only: nothing here enters the browser bundles.
 *
 * @example
 * import { test, expect } from 'tracklet/playwright';
 * test('login stitches the user', async ({ page, analytics }) => {
 *   await page.goto('/checkout.html');
 *   await page.getByRole('button', { name: 'Sign in' }).click();
 *   await expect(analytics).toHaveTracked('$SignUp');
 *   await expect(analytics).toHaveIdentity({ loginId: 'user_42' });
 * });
 */
export { expect, test, type AnalyticsFixtures } from './fixture';
export { recordAnalytics, type AnalyticsRecording } from './analytics';
export { stablePayloads, type StableOptions } from './snapshot';
export { decodeWire, type DecodedWire } from './decode';
export { partialMatch } from './match';
export type { ExpectedIdentity, TrackedOptions } from './matchers';
export type { Analytics, AnalyticsOptions, CollectorRequest, FailOptions, FlushOptions, Identities, Payload, PayloadType, TrackedEvent, UrlMatcher, WireForm } from './types';
