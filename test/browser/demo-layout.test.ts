import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { startSite, type Site } from '../../demo/site-server';
import { postEvents, startTestCollector } from '../unit/helpers/collector-server';
import { fakeBrowser } from '../unit/helpers/fake-browser';
import { launchChromium } from './helpers/chromium';

// Issue 19, the demo as a person sees it, in real Chromium with the built SDK (run `npm run
// build` first): every page of the demo site and the viewer fit windows from 390 px to
// 1,400 px wide (the control panel made the page 1,590 px wide in a 1,400 px window, 679 px at
// 390 px), buttons do not look like inputs, and the SPA's landing $pageview carries its route's
// title. TRACKLET_SCREENSHOTS=<dir> also saves the viewer and the demo at desktop and phone
// widths (viewer-desktop.png, viewer-phone.png, demo-desktop.png, demo-phone.png).

let collector: Awaited<ReturnType<typeof startTestCollector>>;
let site: Site;
let browser: Browser;
const problems: string[] = [];
const WIDTHS = [390, 768, 1400];
const SITE_PAGES = ['/index.html', '/products.html', '/checkout.html', '/app', '/app/settings'];
const shots = process.env.TRACKLET_SCREENSHOTS;

before(async () => {
  for (const file of ['dist/tracklet.min.js', 'dist/index.mjs']) assert.ok(existsSync(file), file + ' is missing: run `npm run build` first');
  collector = await startTestCollector();
  site = await startSite({ collectorUrl: collector.url, port: 0 });
  browser = await launchChromium();
  if (shots) mkdirSync(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await collector?.stop();
});

async function open(url: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => problems.push(url + ': ' + error.message));
  await page.goto(url);
  return page;
}

/** How wide the page is, and the elements that stick out of the window on the right. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    out: [...document.querySelectorAll('body *')]
      .filter((node) => node.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !node.closest('[data-scrolls], #feed, table'))
      .slice(0, 3)
      .map((node) => node.tagName + (node.id ? '#' + node.id : '') + (node.className && typeof node.className === 'string' ? '.' + node.className : '')),
  }));

test('every demo page fits windows from 390 to 1,400 px wide, and its buttons do not look like its inputs', { timeout: 120_000 }, async () => {
  for (const path of SITE_PAGES) {
    const page = await open(site.url + path, WIDTHS[0]!);
    await page.waitForFunction(() => !!document.querySelector('[data-readout=distinct_id]')?.textContent);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const { width: shown, out } = await overflow(page);
      assert.ok(shown <= width, `${path} is ${shown} px wide in a ${width} px window (${out.join(', ')})`);
      if (shots && path === '/index.html' && (width === 390 || width === 1400)) await page.screenshot({ path: join(shots, width === 390 ? 'demo-phone.png' : 'demo-desktop.png') });
    }
    await page.close();
  }
  const page = await open(site.url + '/index.html', 1400);
  const look = await page.evaluate(() =>
    Object.fromEntries(
      Object.entries({ call: 'button[data-call=login]', input: '.call input', hero: 'main button' }).map(([name, selector]) => {
        const css = getComputedStyle(document.querySelector(selector)!);
        return [name, { background: css.backgroundColor, weight: css.fontWeight }];
      }),
    ),
  );
  assert.notEqual(look.call.background, look.input.background, 'a call button is filled, an input is not');
  assert.notEqual(look.hero.background, look.input.background);
  assert.ok(Number(look.call.weight) >= 600 && Number(look.input.weight) < 600, JSON.stringify(look));
  await page.close();
});

test("the SPA's landing $pageview carries its route's title", { timeout: 60_000 }, async () => {
  const page = await open(site.url + '/app/reports', 1280);
  await page.locator('#view h1', { hasText: 'Reports' }).waitFor();
  await page.click('button[data-call=flush]');
  const title = () => collector.db.prepare("SELECT json_extract(payload, '$.properties.$title') FROM events WHERE event = '$pageview' AND json_extract(payload, '$.properties.$url_path') = '/app/reports'").pluck().get();
  for (let tries = 0; tries < 100 && !title(); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(title(), 'Reports · tracklet SPA demo');
  await page.close();
});

test('the viewer fits 390 to 1,400 px: its tables scroll inside their card, not the page', { timeout: 60_000 }, async () => {
  const b = fakeBrowser('layout-user-with-a-rather-long-identifier-0190aaaa');
  const now = Date.now();
  await postEvents(collector, [
    ...Array.from({ length: 30 }, (_, i) => ({ ...b.track(i % 4 ? '$pageview' : 'addToCart', { $url_path: '/products/a-long-product-path-' + (i % 5), plan: 'pro' }), time: now - i * 110_000 })),
    b.login('layout@example.com'),
    b.bind('$identity_email', 'layout@example.com'),
  ]);
  await postEvents(collector, [{ not: 'an event' }]);
  for (const width of WIDTHS) {
    const page = await open(collector.url + '/', width);
    await page.locator('#connection.live').waitFor();
    await page.locator('#chart circle.point').first().waitFor();
    await page.locator('#event-rows tr[data-event="$SignUp"]').click();
    await page.locator('#user-detail svg.graph').waitFor();
    await page.locator('#reject-rows li').first().waitFor();
    const { width: shown, out } = await overflow(page);
    assert.ok(shown <= width, `the viewer is ${shown} px wide in a ${width} px window (${out.join(', ')})`);
    if (shots && width !== 768) await page.evaluate(() => scrollTo(0, 0));
    if (shots && width !== 768) await page.screenshot({ path: join(shots, width === 390 ? 'viewer-phone.png' : 'viewer-desktop.png'), });
    await page.close();
  }
  assert.deepEqual(problems, []);
});
