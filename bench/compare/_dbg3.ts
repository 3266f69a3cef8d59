import { measureHeap } from './measure/heap';
import { launchBenchBrowser } from './browser';
import { startCollector } from './collector';
import { SDKS } from './sdks';
import { startSite } from './site';
const sdk = SDKS.find((s) => s.name === process.argv[2])!;
const [browser, collector, site] = await Promise.all([launchBenchBrowser(), startCollector(), startSite([sdk])]);
browser.on('disconnected', () => console.log('browser disconnected'));
const t = Date.now();
try { console.log(await measureHeap(browser, site, collector, sdk)); } catch (e) { console.log('failed', e); }
console.log('took', Date.now() - t);
await browser.close(); await collector.close(); await site.close();
