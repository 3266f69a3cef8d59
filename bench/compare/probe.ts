/**
 * Debugging aid, not part of the benchmark: loads each SDK's bench page, tracks a few events,
 * and prints every request the collector saw, so a wire format or setting can be checked.
 *
 *   node --import tsx bench/compare/probe.ts [sdk...]
 */
import { sleep } from './bounded';
import { freshPage, launchBenchBrowser } from './browser';
import { startCollector } from './collector';
import { SDKS } from './sdks';
import { startSite } from './site';

const wanted = process.argv.slice(2);
const sdks = SDKS.filter((sdk) => !wanted.length || wanted.includes(sdk.name));
const [browser, collector, site] = await Promise.all([launchBenchBrowser(), startCollector(), startSite(sdks)]);
try {
  for (const sdk of sdks) {
    const run = collector.openRun(sdk);
    const { page, dispose } = await freshPage(browser);
    page.on('console', (message) => console.log(`  [console.${message.type()}] ${message.text().slice(0, 200)}`));
    await page.goto(site.pageFor(run));
    await page.evaluate(() => {
      const bench = (window as any).__bench;
      for (let seq = 0; seq < 5; seq++) bench.track('bench_event', { seq, run: bench.run, plan: 'pro', price: 9.99, ok: true });
    });
    await sleep(8000);
    const errors = await page.evaluate(() => (window as any).__bench.errors as string[]);
    console.log(`${sdk.name}: errors ${JSON.stringify(errors)}, other events ${JSON.stringify(run.otherEvents)}`);
    for (const r of run.requests) console.log(`  ${r.method} ${r.path.slice(0, 120)} -> ${r.status}, ${r.bytes} B, ${r.events} events ${r.error ?? ''}`);
    console.log(`  arrivals: ${run.arrivals.map((a) => a.seq + ':' + a.id).join(' ')}`);
    await dispose();
  }
} finally {
  await browser.close();
  await collector.close();
  await site.close();
}
