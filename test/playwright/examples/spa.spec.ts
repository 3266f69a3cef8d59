import { expect, test } from 'tracklet/playwright';

// The single-page app imports tracklet from the npm build: no window.tracklet, so flush() waits
// for the tracker's queue to empty. The collector is named here, as a glob.
test.use({ analyticsOptions: { serverUrl: '**/sa' } });

test('route changes are pageviews; flush() waits for an npm build too', async ({ page, analytics }) => {
  await page.goto('/app');
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await analytics.flush(page);
  expect(analytics.events.map((e) => e.event)).toEqual(expect.arrayContaining(['$pageview', 'exportReport']));
  await expect(analytics).toHaveTracked('$pageview', { $url_path: '/app/reports' });
  await expect(analytics).toHaveTracked('exportReport', { format: 'csv' }, { times: 1 });
  expect(analytics.requests.every((r) => r.url === 'http://collector.invalid/sa' && r.status === 200)).toBe(true);
});
