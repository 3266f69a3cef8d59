import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { startTestCollector } from '../unit/helpers/collector-server';
import { launchChromium } from './helpers/chromium';

// Issue 16, item 8, with the real Sensors Data web SDK (sa-sdk-javascript, a dev dependency
// for the benchmark) in Chromium: given a server_url ending in /sa, it sends to /sa.gif (which
// the collector answered with 404), and its setItem / deleteItem reach the items table.

const SDK = readFileSync('node_modules/sa-sdk-javascript/sensorsdata.min.js', 'utf8');
let collector: Awaited<ReturnType<typeof startTestCollector>>;
let browser: Browser;
let shop: Server;
let shopUrl: string;
before(async () => {
  collector = await startTestCollector();
  browser = await launchChromium();
  // The shop's page and the SDK, on another loopback port: a cross-origin site, as in real use.
  shop = createServer((req, res) => {
    if (req.url === '/sensorsdata.min.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(SDK);
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>shop</title><script src="/sensorsdata.min.js"></script>');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = 'http://127.0.0.1:' + (shop.address() as { port: number }).port;
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await collector?.stop();
});

/** Polls the database until `check` holds: every 100 ms, 15 s at most. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 150; tries++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('timed out waiting for ' + what);
}

test('the real Sensors SDK sends to /sa.gif, and its events and items are stored', { timeout: 60_000 }, async () => {
  const paths: string[] = [];
  const page = await browser.newPage();
  page.on('request', (request) => {
    if (request.url().startsWith(collector.url)) paths.push(new URL(request.url()).pathname);
  });
  await page.goto(shopUrl + '/');
  await page.evaluate((serverUrl) => {
    const sensors = (window as unknown as { sensorsDataAnalytic201505: Record<string, (...args: unknown[]) => void> }).sensorsDataAnalytic201505;
    sensors.init!({ server_url: serverUrl, show_log: false, is_track_single_page: false, heatmap: { clickmap: 'not_collect', scroll_notice_map: 'not_collect' } });
    sensors.track!('buyBook', { price: 12 });
    sensors.setItem!('book', 'dune', { title: 'Dune', pages: 412 });
    sensors.setItem!('book', 'emma', { title: 'Emma' });
  }, collector.ingestUrl);
  const count = (sql: string) => collector.db.prepare(sql).pluck().get() as number;
  await eventually('the event and two items', () => count("SELECT COUNT(*) FROM events WHERE event = 'buyBook'") === 1 && count('SELECT COUNT(*) FROM items') === 2);
  assert.ok(paths.length >= 3 && paths.every((path) => path === '/sa.gif'), 'every request went to /sa.gif: ' + paths.join(', '));
  const dune = collector.db.prepare("SELECT properties FROM items WHERE item_type = 'book' AND item_id = 'dune'").pluck().get() as string;
  assert.deepEqual(JSON.parse(dune), { title: 'Dune', pages: 412 });

  // A delete later than the sets (Sensors stamps each with the client's time).
  await new Promise((resolve) => setTimeout(resolve, 20));
  await page.evaluate(() => (window as unknown as { sensorsDataAnalytic201505: { deleteItem(type: string, id: string): void } }).sensorsDataAnalytic201505.deleteItem('book', 'dune'));
  await eventually('the delete', () => count("SELECT COUNT(*) FROM items WHERE item_id = 'dune' AND properties IS NULL") === 1);
  assert.deepEqual((await collector.queries.stats()).rejects, 0, 'nothing the Sensors SDK sent was refused');
  await page.close();
});
