import { sleep } from './bounded';
import { freshPage, launchBenchBrowser } from './browser';
import { startCollector } from './collector';
import { openBenchPage, trackMany } from './page-calls';
import { SDKS } from './sdks';
import { startSite } from './site';
const sdk = SDKS.find((s) => s.name === process.argv[2])!;
const n = Number(process.argv[3] ?? 1000);
const [browser, collector, site] = await Promise.all([launchBenchBrowser(), startCollector(), startSite([sdk])]);
const run = collector.openRun(sdk);
const { page, dispose } = await freshPage(browser);
page.on('console', (m) => console.log('  [console]', m.text().slice(0, 300)));
page.on('requestfailed', (r) => console.log('  [failed]', r.url().slice(0, 80), r.failure()?.errorText));
await openBenchPage(page, site.pageFor(run));
const t0 = Date.now();
const loop = await trackMany(page, n);
console.log('loop', loop, Date.now() - t0);
for (let i = 0; i < Number(process.argv[4] ?? 12); i++) {
  await sleep(5000);
  console.log(((Date.now() - t0) / 1000).toFixed(0), 's: requests', run.requests.map((r) => `${r.method}:${r.status}:${r.events}`).join(' '), 'arrivals', run.arrivals.length);
}
await dispose(); await browser.close(); await collector.close(); await site.close();
