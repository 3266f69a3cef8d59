import { expect, test } from 'tracklet/playwright';

// Every form tracklet's wire format takes reaches analytics.events decoded: POST data_list
// plain and gzipped (fetch), GET ?data= (the image send type), a sendBeacon, and the send a
// page makes as it is closed, which Chromium lets past page routing.

test('plain, gzipped and GET forms are decoded alike', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.evaluate(async () => {
    const { createTracker } = await import('/dist/index.mjs' as string);
    const forms = { plain: { gzip: false }, gzipped: { gzip: true }, image: { sendType: 'image' } };
    for (const [name, options] of Object.entries(forms)) {
      const tracker = createTracker();
      tracker.init({ serverUrl: 'http://collector.invalid/sa', cookieName: 'tracklet_' + name, autotrack: false, ...options });
      tracker.track('formCheck', { form: name, text: 'héllo ✓' });
      await tracker.flush();
    }
  });
  for (const form of ['plain', 'gzipped', 'image']) await expect(analytics).toHaveTracked('formCheck', { form, text: 'héllo ✓' });
  const forms = analytics.requests.filter((r) => r.payloads.some((p) => p.event === 'formCheck')).map((r) => r.method + ' ' + r.form);
  expect(forms.sort()).toEqual(['GET data', 'POST data_list', 'POST data_list_gzip']);
});

test('a sendBeacon in the wire format is decoded', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  await page.evaluate(() => {
    const payload = { type: 'track', event: 'beaconed', distinct_id: 'd1', properties: { via: 'sendBeacon' }, time: Date.now(), _track_id: 7 };
    const body = 'data_list=' + encodeURIComponent(btoa(JSON.stringify([payload]))) + '&gzip=0';
    navigator.sendBeacon('http://collector.invalid/sa', new Blob([body], { type: 'application/x-www-form-urlencoded' }));
  });
  await expect(analytics).toHaveTracked('beaconed', { via: 'sendBeacon' });
});

test('the page leave sent while the page closes is caught too', async ({ page, analytics }) => {
  await page.goto('/products.html');
  await analytics.flush(page);
  await page.close();
  await expect(analytics).toHaveTracked('$WebPageLeave', { $url_path: '/products.html' });
  expect(analytics.requests.filter((r) => r.via === 'page-hide').length).toBeGreaterThan(0);
});

test('a request that is not tracklet wire format goes on untouched', async ({ page, analytics }) => {
  await page.goto('/checkout.html');
  const status = await page.evaluate(async () => (await fetch('/config.js?data=not-tracking')).status);
  expect(status).toBe(200);
  await analytics.flush(page);
  expect(analytics.requests.every((r) => r.payloads.length > 0)).toBe(true);
});
