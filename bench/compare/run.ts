/**
 * `npm run bench`: tracklet side by side with the SDKs users would otherwise pick, in real
 * headless Chromium, against a local collector. Writes bench/results/compare.json and
 * compare.md (a partial run, with --sdk, --only or --quick, writes compare.tmp.* instead).
 *
 *   node --import tsx bench/compare/run.ts [--load-repeats 21] [--repeats 5] [--wire-repeats 2] [--heap-repeats 1]
 *     [--leave-repeats 3] [--outage-repeats 1] [--sdk tracklet,posthog]
 *     [--only load,track,wire,heap,survival] [--quick]
 *
 * Every wait is bounded; the whole run stops itself after 25 minutes.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright';
import { withTimeout } from './bounded';
import { keepBrowser } from './browser';
import { startCollector, type Collector } from './collector';
import { describeMachine } from './machine';
import { measureHeap } from './measure/heap';
import { measureLoad } from './measure/load';
import { measureSize } from './measure/size';
import { measureSurvival, type SurvivalCase } from './measure/survival';
import { measureTrackCost } from './measure/track-cost';
import { measureWire } from './measure/wire';
import { renderMarkdown, type BenchReport } from './report-md';
import { SDKS, type SdkAdapter } from './sdks';
import { ROOT, startSite, type Site } from './site';
import { summarize, type Outcome, type SdkRuns } from './summarize';
import { sdkVersion } from './versions';

const WATCHDOG_MS = 25 * 60_000;
const MEASUREMENT_LIMIT_MS = 240_000;
const { values: args } = parseArgs({
  options: {
    // A cold load takes a second, and one load in five may take twice the median or more (a
    // fresh profile, a busy core): many repeats, so that the median ranks the SDKs.
    'load-repeats': { type: 'string', default: '21' },
    repeats: { type: 'string', default: '5' },
    // Bytes, requests and heap barely vary between runs; their waits are the long ones.
    'wire-repeats': { type: 'string', default: '2' },
    'heap-repeats': { type: 'string', default: '1' },
    'leave-repeats': { type: 'string', default: '3' },
    'outage-repeats': { type: 'string', default: '1' },
    sdk: { type: 'string' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const count = (name: keyof typeof args) => (args.quick ? 1 : Math.max(1, Number(args[name]) || 1));
const repeats = { load: count('load-repeats'), timed: count('repeats'), wire: count('wire-repeats'), heap: count('heap-repeats'), leave: count('leave-repeats'), outage: count('outage-repeats') };
const sdks = args.sdk ? SDKS.filter((sdk) => args.sdk!.split(',').includes(sdk.name)) : SDKS;
const phases = new Set((args.only ?? 'load,track,wire,heap,survival').split(','));
const partial = args.quick || !!args.sdk || !!args.only;

setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; stopping.`);
  process.exit(2);
}, WATCHDOG_MS).unref();

const startedAt = Date.now();
const log = (line: string) => console.error(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}`);
type Measure<T> = (browser: Browser, site: Site, collector: Collector, sdk: SdkAdapter) => Promise<T>;

const browsers = keepBrowser();
const [collector, site] = await Promise.all([startCollector(), startSite(sdks)]);
const machine = describeMachine(await browsers.get());
const runs = new Map<SdkAdapter, SdkRuns>(
  sdks.map((sdk) => [sdk, { size: measureSize(sdk), load: [], track: [], wire: [], heap: [], survival: { navigate: [], close: [], outage: [], outageReload: [] } }]),
);
log(`${sdks.length} SDKs, ${machine.cores} cores, load average ${machine.loadStart}, Chromium ${machine.chromium}`);

// Timings: one page at a time, SDKs interleaved within each repeat so a burst of load from
// elsewhere on the machine spreads over all of them. The wire case is one too: it times
// delivery, which SDKs sharing 2 cores would slow for one another.
async function oneAtATime<T>(label: string, times: number, measure: Measure<T>, pick: (r: SdkRuns) => Outcome<T>[]): Promise<void> {
  for (let i = 0; i < times; i++) {
    for (const sdk of sdks) pick(runs.get(sdk)!).push(await attempt(async () => measure(await browsers.get(), site, collector, sdk)));
    log(`${label} ${i + 1}/${times}`);
  }
}

// Counts (events, heap), not CPU timings: every SDK at once, each in its own profile.
async function allAtOnce<T>(label: string, times: number, measure: Measure<T>, pick: (r: SdkRuns) => Outcome<T>[]): Promise<void> {
  for (let i = 0; i < times; i++) {
    const browser = await browsers.get();
    await Promise.all(sdks.map(async (sdk) => pick(runs.get(sdk)!).push(await attempt(() => measure(browser, site, collector, sdk)))));
    log(`${label} ${i + 1}/${times}`);
  }
}

const survival = (kind: SurvivalCase): Measure<Awaited<ReturnType<typeof measureSurvival>>> => (browser, site, collector, sdk) =>
  measureSurvival(kind, browser, site, collector, sdk);

// One measurement's failure (or hang) is recorded, and the bench goes on.
async function attempt<T>(measure: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await withTimeout(measure(), MEASUREMENT_LIMIT_MS, 'measurement');
  } catch (error) {
    return { failed: String(error).slice(0, 300) };
  }
}

try {
  if (phases.has('load')) await oneAtATime('load + init', repeats.load, measureLoad, (r) => r.load);
  if (phases.has('track')) await oneAtATime('track() cost', repeats.timed, measureTrackCost, (r) => r.track);
  if (phases.has('wire')) await oneAtATime('wire, 1,000 events', repeats.wire, measureWire, (r) => r.wire);
  if (phases.has('heap')) await allAtOnce('heap, 10,000 events offline', repeats.heap, measureHeap, (r) => r.heap);
  if (phases.has('survival')) {
    // The two outage cases mostly wait on the SDKs' retry timers, so they share their minute.
    await Promise.all([
      allAtOnce('survival: 503 outage', repeats.outage, survival('outage'), (r) => r.survival.outage),
      allAtOnce('survival: 503 outage with a reload', repeats.outage, survival('outageReload'), (r) => r.survival.outageReload),
    ]);
    await allAtOnce('survival: navigate away', repeats.leave, survival('navigate'), (r) => r.survival.navigate);
    await allAtOnce('survival: close and reopen', repeats.leave, survival('close'), (r) => r.survival.close);
  }
} finally {
  await browsers.close();
  await collector.close();
  await site.close();
}

machine.loadEnd = Math.round(loadavg()[0]! * 100) / 100;
const report: BenchReport = {
  date: new Date().toISOString(),
  durationS: Math.round((Date.now() - startedAt) / 1000),
  machine,
  repeats,
  sdks: sdks.map((sdk) => ({
    name: sdk.name,
    package: sdk.packageName,
    version: sdkVersion(sdk),
    scriptFile: sdk.scriptFile,
    settings: sdk.settings('<endpoint>'),
    notes: sdk.notes,
    summary: summarize(runs.get(sdk)!),
    runs: runs.get(sdk)!,
  })),
};
const base = join(ROOT, 'bench', 'results', partial ? 'compare.tmp' : 'compare');
writeFileSync(base + '.json', JSON.stringify(report, null, 2) + '\n');
writeFileSync(base + '.md', renderMarkdown(report));
log(`wrote ${base}.json and ${base}.md`);
console.log(renderMarkdown(report));
