import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { eventsOf, settle, waitFor } from './helpers/autotrack';
import { launchChromium } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;
before(async () => {
  [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  server.page('/elsewhere.html', '<!doctype html><p>elsewhere</p>');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Lets a test hide and show the page as a tab switch would (headless pages stay visible).
const VISIBILITY = `
let visibility = 'visible';
Object.defineProperty(Document.prototype, 'visibilityState', { get: () => visibility, configurable: true });
Object.defineProperty(Document.prototype, 'hidden', { get: () => visibility === 'hidden', configurable: true });
window.__setVisibility = (state) => { visibility = state; document.dispatchEvent(new Event('visibilitychange')); return Date.now(); };`;

test('$WebPageLeave: one per page view at pagehide, with visible seconds and the deepest scroll; tab switches only pause it', async () => {
  server.page('/tall.html', sdkPage(server.origin + '/collect', { autotrack: {} }).replace('<body>', '<body style="margin:0"><div style="height:5000px">tall</div>'));
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  await context.addInitScript(VISIBILITY);
  const page = await context.newPage();
  await page.goto(server.origin + '/tall.html');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  const [view] = await waitFor(() => eventsOf(server, id, '$pageview').length && eventsOf(server, id, '$pageview'), 'the pageview');
  await page.mouse.wheel(0, 2000);
  // Polled in the page, and failing after 5 s: a wheel that never scrolls is a broken test page.
  await page.waitForFunction(() => scrollY === 2000, null, { timeout: 5000, polling: 20 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
  await page.evaluate(() => scrollTo(0, 100));
  const depth = await page.evaluate(() => ({ max: 2000, bottom: 2000 + innerHeight, height: document.documentElement.scrollHeight }));

  // Two tab switches: hidden for about 400 + 300 ms.
  let hidden = 0;
  for (const ms of [400, 300]) {
    const from = await page.evaluate(() => (window as any).__setVisibility('hidden'));
    await new Promise((resolve) => setTimeout(resolve, ms));
    hidden += (await page.evaluate(() => (window as any).__setVisibility('visible'))) - from;
  }
  await settle();
  assert.equal(eventsOf(server, id, '$WebPageLeave').length, 0, 'hiding the tab is not leaving the page');

  const leftAt = await page.evaluate(() => Date.now());
  await page.goto(server.origin + '/elsewhere.html');
  const [leave] = await waitFor(() => eventsOf(server, id, '$WebPageLeave').length && eventsOf(server, id, '$WebPageLeave'), 'the leave event');
  await settle();
  assert.equal(eventsOf(server, id, '$WebPageLeave').length, 1, 'exactly one leave');
  const props = leave!.properties;
  assert.equal(props.$url, server.origin + '/tall.html');
  assert.equal(props.$url_path, '/tall.html');
  assert.equal(props.$title, 'tracklet test page');
  assert.equal(props.$session_id, view!.properties.$session_id);
  const visibleMs = (leave!.time as number) - (view!.time as number) - hidden;
  assert.ok(Math.abs((props.event_duration as number) * 1000 - visibleMs) < 250,
    `event_duration ${props.event_duration}s is the visible time (${visibleMs} ms), without the ${hidden} ms hidden`);
  assert.ok((leave!.time as number) >= leftAt, 'sent when the page was left');
  assert.equal(props.$viewport_position, depth.max, 'the deepest scroll offset, not the last one');
  assert.equal(props.$scroll_depth_percent, Math.round((depth.bottom / depth.height) * 100));
  await context.close();
});

test('pageLeave: false sends no leave event', async () => {
  server.page('/no-leave.html', sdkPage(server.origin + '/collect', { autotrack: { pageLeave: false } }));
  const page = await browser.newPage();
  await page.goto(server.origin + '/no-leave.html');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  // The pageview is emitted a task after load; this test is about the leave, so let it out first.
  await waitFor(() => eventsOf(server, id, '$pageview').length, 'the pageview');
  await page.goto(server.origin + '/elsewhere.html');
  await settle();
  assert.deepEqual(eventsOf(server, id).filter((e) => e.type === 'track').map((e) => e.event), ['$pageview']);
  await page.close();
});

const CLICK_PAGE = `<nav id="nav">
  <a href="/docs?from=nav" class="link primary">  Read
     the   docs </a>
  <button type="button" id="save">Save <span id="save-inner">draft</span></button>
  <button type="button" id="stopper" onclick="event.stopPropagation()">Stop</button>
</nav>
<div class="cards"><div></div><div data-tracklet-click class="card"><b id="card-title">Card title</b></div></div>
<form>
  <input id="secret-input" name="password"><textarea id="secret-text"></textarea>
  <select id="choice"><option>option-secret</option></select>
  <input type="submit" id="submit" value="SubmitLabelSecret">
  <button type="button" id="wrap">Wrap <input id="inner"></button>
</form>
<div contenteditable="true" id="editor">typed: <a href="/in-editor" id="editor-link">editor link</a></div>
<section data-tracklet-ignore><button id="ignored">Ignored</button></section>
<p id="plain">plain text is not a click target</p>
<svg width="20" height="20"><a href="/svg-link" id="svg-link"><rect width="20" height="20"/></a></svg>`;

test('$WebClick on links, buttons and marked elements, with element properties; never a form field value; data-tracklet-ignore', async () => {
  server.page('/clicks.html', sdkPage(server.origin + '/collect', { autotrack: { pageview: false, pageLeave: false, click: true } },
    // Keeps the page here: links and the submit button do nothing.
    "document.addEventListener('click', (e) => e.preventDefault());").replace('<body>', '<body>' + CLICK_PAGE));
  const page = await browser.newPage();
  await page.goto(server.origin + '/clicks.html');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  const SECRET = 'S3cr3t-Value-42';
  await page.fill('#secret-input', SECRET);
  await page.fill('#secret-text', SECRET);
  await page.fill('#inner', SECRET);
  await page.click('#editor');
  await page.keyboard.type(SECRET);
  for (const selector of ['#secret-input', '#secret-text', '#plain', '#ignored']) await page.click(selector);
  await page.dispatchEvent('#choice', 'click');
  await settle(100);
  for (const selector of ['#nav > a', '#save-inner', '#stopper', '#card-title', '#submit', '#wrap', '#editor-link', '#svg-link']) await page.click(selector);
  await waitFor(() => eventsOf(server, id, '$WebClick').length >= 8, 'eight clicks');
  await settle();

  const clicks = eventsOf(server, id, '$WebClick').map((e) => e.properties);
  const pick = ({ $element_type, $element_id, $element_class_name, $element_content, $element_target_url, $element_selector }: Record<string, unknown>) =>
    ({ $element_type, $element_id, $element_class_name, $element_content, $element_target_url, $element_selector });
  const origin = server.origin;
  assert.deepEqual(clicks.map(pick), [
    { $element_type: 'a', $element_id: '', $element_class_name: 'link primary', $element_content: 'Read the docs', $element_target_url: origin + '/docs?from=nav', $element_selector: '#nav > a:nth-of-type(1)' },
    { $element_type: 'button', $element_id: 'save', $element_class_name: '', $element_content: 'Save draft', $element_target_url: '', $element_selector: '#save' },
    { $element_type: 'button', $element_id: 'stopper', $element_class_name: '', $element_content: 'Stop', $element_target_url: '', $element_selector: '#stopper' },
    { $element_type: 'div', $element_id: '', $element_class_name: 'card', $element_content: 'Card title', $element_target_url: '', $element_selector: 'body > div:nth-of-type(1) > div:nth-of-type(2)' },
    { $element_type: 'input', $element_id: 'submit', $element_class_name: '', $element_content: '', $element_target_url: '', $element_selector: '#submit' },
    { $element_type: 'button', $element_id: 'wrap', $element_class_name: '', $element_content: '', $element_target_url: '', $element_selector: '#wrap' },
    { $element_type: 'a', $element_id: 'editor-link', $element_class_name: '', $element_content: '', $element_target_url: origin + '/in-editor', $element_selector: '#editor-link' },
    { $element_type: 'a', $element_id: 'svg-link', $element_class_name: '', $element_content: '', $element_target_url: '', $element_selector: '#svg-link' },
  ]);
  const everything = JSON.stringify(server.received.flatMap((r) => r.events));
  for (const secret of [SECRET, 'SubmitLabelSecret', 'option-secret']) assert.ok(!everything.includes(secret), secret + ' was never sent');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
  await page.close();
});

test('a long element text is trimmed to 255 characters; clicks are off by default', async () => {
  const long = 'word '.repeat(100);
  server.page('/long.html', sdkPage(server.origin + '/collect', { autotrack: { click: true, pageview: false, pageLeave: false } }).replace('<body>', `<body><button id="long">${long}</button>`));
  server.page('/default.html', sdkPage(server.origin + '/collect', { autotrack: {} }).replace('<body>', '<body><button id="b">B</button>'));
  const page = await browser.newPage();
  await page.goto(server.origin + '/long.html');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await page.click('#long');
  const [click] = await waitFor(() => eventsOf(server, id, '$WebClick').length && eventsOf(server, id, '$WebClick'), 'the click');
  assert.equal(click!.properties.$element_content, long.trim().slice(0, 255));
  await page.goto(server.origin + '/default.html');
  await page.click('#b');
  await waitFor(() => eventsOf(server, id, '$pageview').length, 'the pageview');
  await settle();
  assert.equal(eventsOf(server, id, '$WebClick').length, 1, 'no click event without autotrack.click');
  await page.close();
});
