import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { startSite, type Site } from '../../demo/site-server';
import { startTestCollector } from '../unit/helpers/collector-server';
import { launchChromium } from './helpers/chromium';

// Issue 19, client hints across origins in real Chromium: the demo site's pages send
// `Accept-CH` and delegate the high-entropy hints to the collector's origin
// (`Permissions-Policy`), so the collector stores the full browser version from
// `Sec-CH-UA-Full-Version-List` instead of the frozen User-Agent's "156.0.0.0".

let collector: Awaited<ReturnType<typeof startTestCollector>>;
let site: Site;
let browser: Browser;
before(async () => {
  assert.ok(existsSync('dist/tracklet.min.js'), 'run `npm run build` first');
  collector = await startTestCollector();
  site = await startSite({ collectorUrl: collector.url, port: 0 });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await collector?.stop();
});

test("the collector, another origin, gets the page's full browser version from client hints", { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  const response = await page.goto(site.url + '/index.html');
  assert.match(response!.headers()['accept-ch'] ?? '', /Sec-CH-UA-Full-Version-List/);
  await page.waitForFunction(() => !!document.querySelector('[data-readout=distinct_id]')?.textContent);
  const full = await page.evaluate(async () => {
    const data = (navigator as unknown as { userAgentData: { getHighEntropyValues(hints: string[]): Promise<{ fullVersionList: { brand: string; version: string }[] }> } }).userAgentData;
    return (await data.getHighEntropyValues(['fullVersionList'])).fullVersionList.find((entry) => /Chrom/.test(entry.brand))!.version;
  });
  assert.doesNotMatch(full, /\.0\.0\.0$/, 'the page knows the full version');
  await page.click('button[data-call=flush]');
  const stored = () => collector.db.prepare("SELECT json_extract(payload, '$.properties.$browser_version') FROM events WHERE event = '$pageview'").pluck().get() as string | undefined;
  for (let tries = 0; tries < 100 && !stored(); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(stored(), full, 'the User-Agent alone says ' + (await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1])));
  await page.close();
});
