// Delivery benchmark, in real headless Chromium against a local collector, using the built
// script-tag bundle (run `npm run build` first; `npm run bench:delivery` does both):
//  1. requests and bytes on the wire per 1,000 events, per send mode;
//  2. main-thread time per track() call with 5 properties: median of RUNS runs of CALLS calls.
// Writes bench/results/delivery.json and .md. `--bundle <path>` measures another build of
// dist/tracklet.min.js instead (e.g. an older commit's, for a before/after comparison), and
// `--out <name>` names the results files. `--outage 5,60` measures recovery after outages of
// those lengths instead (bench/delivery/outage.ts; `--outage-runs`, default 3), written to
// bench/results/outage-recovery.json and .md unless `--out` says otherwise. `--all-in` measures
// what one event costs the page all in, the call, the rest of its task and the later tasks
// (bench/delivery/all-in.ts; `--all-in-runs`, default 5), with a CPU profile of where the time
// went, written to bench/results/track-all-in.json and .md unless `--out` says otherwise.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright';
import { launchChromium } from '../../test/browser/helpers/chromium';
import { ALL_IN_OPTIONS, allInReport, loadNow, measureAllIn, profileBurst } from './all-in';
import { measureOutages } from './outage';
import { startTestServer, type TestServer } from '../../test/browser/helpers/test-server';

const ROOT = join(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    bundle: { type: 'string' },
    out: { type: 'string' },
    'cost-only': { type: 'boolean', default: false },
    outage: { type: 'string' },
    'outage-runs': { type: 'string', default: '3' },
    'all-in': { type: 'boolean', default: false },
    'all-in-runs': { type: 'string', default: '5' },
  },
});
const bundlePath = args.bundle ?? join(ROOT, 'dist', 'tracklet.min.js');
const bundle = readFileSync(bundlePath, 'utf8');
const EVENTS = 1000;
const RUNS = 7;
const CALLS = 10_000;
const PROPS = { product: 'sku_12345', price: 9.99, quantity: 2, category: 'books', in_stock: true };
// For the track() cost: no request and no drain while a run is measured (the interval and the
// count trigger are out of reach, the queue bound above the run), so the next task after the
// loop holds only the task's own deferred work.
const COST_OPTIONS = { flushInterval: 600_000, batchSize: 1e6, maxQueueSize: 1e6, maxQueueBytes: 1e9 };

const MODES: Record<string, Record<string, unknown>> = {
  'batch, gzip (default)': {},
  'batch, gzip off': { gzip: false },
  'real-time (batchSend: false)': { batchSend: false },
  'image (GET per event)': { sendType: 'image' },
};

function page(server: TestServer, path: string, options: Record<string, unknown>): string {
  // nextTask() resolves in the next task: every microtask of this one (the coalesced
  // IndexedDB write) has run by then. Defined here: tsx would wrap a named function passed to
  // page.evaluate in a helper the page does not have.
  server.page(path, `<!doctype html><title>bench</title><script>${bundle}</script><script>
tracklet.init(${JSON.stringify({ serverUrl: server.origin + '/collect', ...options })});
window.nextTask = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
</script>`);
  return server.origin + path;
}

async function wire(browser: Browser, server: TestServer, name: string, options: Record<string, unknown>) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(page(server, '/wire' + Object.keys(MODES).indexOf(name) + '.html', options));
  await tab.waitForTimeout(300);
  const start = server.received.length;
  // Like an app: bursts of 10 events, each burst in its own task.
  await tab.evaluate(
    async ([count, props]) => {
      for (let i = 0; i < count; i++) {
        (window as any).tracklet.track('bench', { ...props, i });
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await (window as any).tracklet.flush();
    },
    [EVENTS, PROPS] as const,
  );
  await server.waitFor(() => server.received.slice(start).reduce((n, r) => n + r.events.length, 0) >= EVENTS, name, 60_000);
  const requests = server.received.slice(start);
  const events = requests.flatMap((r) => r.events);
  await context.close();
  return {
    mode: name,
    requests: requests.length,
    bodyBytes: requests.reduce((n, r) => n + r.bytes, 0),
    headerBytes: requests.reduce((n, r) => n + r.headerBytes, 0),
    eventsPerRequest: +(events.length / requests.length).toFixed(1),
    jsonCharsPerEvent: Math.round(events.reduce((n, e) => n + JSON.stringify(e).length, 0) / events.length),
  };
}

async function trackCost(browser: Browser, server: TestServer) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(page(server, '/cost.html', COST_OPTIONS));
  await tab.waitForTimeout(300);
  const runs: { syncUs: number; withWriteUs: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(
      await tab.evaluate(
        async ([calls, props]) => {
          const t = (window as any).tracklet;
          const nextTask: () => Promise<void> = (window as any).nextTask;
          await t.flush();
          await nextTask();
          const start = performance.now();
          for (let i = 0; i < calls; i++) t.track('bench', props);
          const sync = performance.now();
          await nextTask();
          const done = performance.now();
          await t.flush();
          return { syncUs: ((sync - start) * 1000) / calls, withWriteUs: ((done - start) * 1000) / calls };
        },
        [CALLS, PROPS] as const,
      ),
    );
  }
  await context.close();
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    runs: RUNS,
    callsPerRun: CALLS,
    properties: Object.keys(PROPS).length,
    medianSyncUs: +median(runs.map((r) => r.syncUs)).toFixed(2),
    medianWithWriteUs: +median(runs.map((r) => r.withWriteUs)).toFixed(2),
    bestSyncUs: +Math.min(...runs.map((r) => r.syncUs)).toFixed(2),
    bestWithWriteUs: +Math.min(...runs.map((r) => r.withWriteUs)).toFixed(2),
    allRuns: runs.map((r) => [+r.syncUs.toFixed(2), +r.withWriteUs.toFixed(2)]),
  };
}

async function outages(browser: Browser, server: TestServer) {
  const lengths = args.outage!.split(',').map(Number);
  const runs = Number(args['outage-runs']);
  const loadBefore = loadavg().map((n) => +n.toFixed(1));
  const results = await measureOutages(browser, server, page(server, '/outage.html', { autotrack: false }), lengths, runs);
  const result = { date: new Date().toISOString(), bundle: args.bundle ?? 'dist/tracklet.min.js', chromium: browser.version(), loadAverageBefore: loadBefore, outages: results };
  const ms = (x: number | null) => (x === null ? 'not all delivered' : (x / 1000).toFixed(2) + ' s');
  const md = [
    `# Recovery after an outage (${result.date.slice(0, 10)}, Chromium ${result.chromium}, headless)`,
    '',
    `Bundle: \`${result.bundle}\`, default options (autotrack off). 200 events tracked as the collector starts answering 503; it answers 200 again after the outage. ${runs} runs per length, each in a fresh browser context.`,
    '',
    '| outage | recovery, median (runs) | requests/s during the outage, median (runs) | load average after |',
    '| ---: | ---: | ---: | --- |',
    ...results.map((r) => `| ${r.seconds} s | **${ms(r.medianMsToRecover)}** (${r.runs.map((x) => ms(x.msToRecover)).join(', ')}) | ${r.medianRequestsPerSecond} (${r.runs.map((x) => x.requestsPerSecond).join(', ')}) | ${r.loadAverage.join(', ')} |`),
    '',
    `Recovery: from the collector answering 200 again to the arrival of the last of the 200 events. Machine load average before: ${loadBefore.join(', ')} (2 cores, shared with other work: timers and requests stretch under load).`,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'results', (args.out ?? 'outage-recovery') + '.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(ROOT, 'bench', 'results', (args.out ?? 'outage-recovery') + '.md'), md);
  console.log(md);
}

async function allIn(browser: Browser, server: TestServer) {
  // The bundle as a file of its own, so that the profile's positions are the bundle's (and
  // its source map applies).
  server.page('/bench-tracklet.js', bundle, { 'Content-Type': 'text/javascript' });
  server.page('/all-in.html', `<!doctype html><title>bench</title><script src="/bench-tracklet.js"></script><script>
tracklet.init(${JSON.stringify({ serverUrl: server.origin + '/collect', ...ALL_IN_OPTIONS })});
window.nextTask = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
</script>`);
  const url = server.origin + '/all-in.html';
  const runs = Number(args['all-in-runs']);
  const load = [loadNow()];
  const cases = [
    await measureAllIn(browser, server, url, { name: '10,000 calls in one task', events: 10_000, windowMs: 90_000, runs }),
    await measureAllIn(browser, server, url, { name: 'one call in an idle page', events: 1, windowMs: 10_000, runs }),
  ];
  const profile = await profileBurst(browser, server, url, bundlePath, 10_000, 90_000);
  load.push(loadNow());
  // A --bundle path is this machine's: its file name only.
  const result = { date: new Date().toISOString(), bundle: args.bundle ? basename(args.bundle) : 'dist/tracklet.min.js', chromium: browser.version(), options: ALL_IN_OPTIONS, load, cases, profile, profileEvents: 10_000 };
  const md = allInReport(result);
  writeFileSync(join(ROOT, 'bench', 'results', (args.out ?? 'track-all-in') + '.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(ROOT, 'bench', 'results', (args.out ?? 'track-all-in') + '.md'), md);
  console.log(md);
}

const [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
try {
  if (args['all-in']) {
    await allIn(browser, server);
    await Promise.all([browser.close(), server.close()]);
    process.exit(0);
  }
  if (args.outage) {
    await outages(browser, server);
    await Promise.all([browser.close(), server.close()]);
    process.exit(0); // the rest of this script is the other benchmark

  }
  const wireResults = [];
  if (!args['cost-only']) for (const [name, options] of Object.entries(MODES)) wireResults.push(await wire(browser, server, name, options));
  const cost = await trackCost(browser, server);
  const load = loadavg().map((n) => +n.toFixed(1));
  const result = { date: new Date().toISOString(), bundle: args.bundle ?? 'dist/tracklet.min.js', chromium: browser.version(), loadAverage: load, eventsPerMode: EVENTS, wire: wireResults, track: cost };
  const md = [
    `# Delivery benchmark (${result.date.slice(0, 10)}, Chromium ${result.chromium}, headless)`,
    '',
    `Bundle: \`${result.bundle}\`. ${EVENTS} events with ${cost.properties} properties, tracked in bursts of 10, then \`flush()\`.`,
    '',
    '| mode | requests | body bytes | header bytes | events/request | JSON chars/event |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...wireResults.map((w) => `| ${w.mode} | ${w.requests} | ${w.bodyBytes} | ${w.headerBytes} | ${w.eventsPerRequest} | ${w.jsonCharsPerEvent} |`),
    '',
    `\`track()\` with ${cost.properties} properties, median of ${cost.runs} runs of ${cost.callsPerRun} calls (options ${JSON.stringify(COST_OPTIONS)}):`,
    '',
    `- synchronous, in the call: **${cost.medianSyncUs} µs** per call (best run ${cost.bestSyncUs} µs)`,
    `- including the task's deferred work (the JSON of every event and the first IndexedDB transaction; the other puts follow in transactions of 250, in later tasks): **${cost.medianWithWriteUs} µs** per call (best run ${cost.bestWithWriteUs} µs)`,
    '',
    `Machine load average while measured: ${load.join(', ')} (shared machine; the best run is the least disturbed).`,
    '',
    `All runs [sync, with write] µs: ${JSON.stringify(cost.allRuns)}`,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'results', (args.out ?? 'delivery') + '.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(ROOT, 'bench', 'results', (args.out ?? 'delivery') + '.md'), md);
  console.log(md);
} finally {
  await browser.close();
  await server.close();
}
