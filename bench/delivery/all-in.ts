// What one event costs the page, all in (issue 23): the track() call, the rest of its task, and
// the later main-thread tasks that exist only because of it (the IndexedDB transactions, the
// batch's encoding and sending, the deletes once acknowledged), per event. The main thread's
// CPU time comes from Chromium's own count (CDP Performance.getMetrics ThreadTime), over a
// window in which the events are tracked, stored and delivered, less what the page spends idle
// in a window as long (measured just before, 5 s, and scaled). A CPU profile of one run says where the time went, by source file.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { Browser, CDPSession, Page } from 'playwright';
import type { TestServer } from '../../test/browser/helpers/test-server';

export interface AllInRun {
  /** The track() calls themselves (µs per event, wall time by performance.now()). */
  callUs: number;
  /** The rest of the calls' task: its microtasks, i.e. the JSON and the first IndexedDB put. */
  sameTaskUs: number;
  /**
   * The call and the rest of its task again, as main-thread CPU time (ThreadTime around the
   * page.evaluate that makes the calls, less that of an empty one; it may include a later task
   * or two that ran before the answer).
   */
  burstCpuUs: number;
  /** Main-thread CPU time of the later tasks, beyond an idle window of the same length (all in less the two before). */
  laterUs: number;
  /** The three together: the main thread's CPU time, less its idle rate (at least call + rest of the task). */
  allInUs: number;
  /** Until the last event had reached the collector (ms after the calls). */
  deliveredMs: number;
}

export interface AllInCase {
  name: string;
  events: number;
  /** The longest a run may take, tracked to acknowledged. */
  windowMs: number;
  runs: AllInRun[];
  median: AllInRun;
  /** Idle main-thread time (ms per second) before each run, subtracted from its window. */
  idleMsPerS: number[];
}

const PROPS = { product: 'sku_12345', price: 9.99, quantity: 2, category: 'books', in_stock: true };
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ThreadTime is the renderer main thread's CPU time: on a loaded machine a task's wall time
// (TaskDuration) also counts the time the thread waited for a core.
async function busyMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;
}

const TAIL_MS = 1000;
const IDLE_MS = 5000;

/** Main-thread busy time (ms) while `work` runs and TAIL_MS after, and how long that was. */
async function window(cdp: CDPSession, work: () => Promise<unknown>): Promise<{ busy: number; ms: number }> {
  const start = Date.now();
  const before = await busyMs(cdp);
  await work();
  await sleep(TAIL_MS);
  return { busy: (await busyMs(cdp)) - before, ms: Date.now() - start };
}

/** One tracked burst of `events` calls in one task; the calls' and the same task's time, by performance.now(). */
function burst(page: Page, events: number, from: number): Promise<{ callMs: number; sameTaskMs: number }> {
  return page.evaluate(
    async ([n, from, props]) => {
      const t = (window as any).tracklet;
      const start = performance.now();
      for (let i = 0; i < n; i++) t.track('bench', { ...props, i: from + i });
      const called = performance.now();
      await (window as any).nextTask();
      return { callMs: called - start, sameTaskMs: performance.now() - called };
    },
    [events, from, PROPS] as const,
  );
}

/**
 * Runs `runs` measured windows of `events` events on one page (fresh context per case), each
 * after an idle window of the same length, and returns the per-event costs.
 */
export async function measureAllIn(
  browser: Browser,
  server: TestServer,
  url: string,
  spec: { name: string; events: number; windowMs: number; runs: number },
): Promise<AllInCase> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => (window as any).tracklet.flush());
  await sleep(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const runs: AllInRun[] = [];
  const idleMsPerS: number[] = [];
  let sent = 0;
  for (let run = 0; run < spec.runs; run++) {
    // The idle window does what the measured one does (the same calls into the page), but
    // tracks nothing.
    let emptyBurst = 0;
    const idle = await window(cdp, async () => {
      const before = await busyMs(cdp);
      await burst(page, 0, 0);
      emptyBurst = (await busyMs(cdp)) - before;
      await page.evaluate(() => (window as any).tracklet.flush());
      await sleep(IDLE_MS - TAIL_MS);
    });
    idleMsPerS.push((idle.busy / idle.ms) * 1000);
    const start = server.events().length;
    let times = { callMs: 0, sameTaskMs: 0 };
    let deliveredMs = 0;
    let burstCpu = 0;
    const measured = await window(cdp, async () => {
      const calledAt = Date.now();
      const before = await busyMs(cdp);
      times = await burst(page, spec.events, sent);
      burstCpu = (await busyMs(cdp)) - before - emptyBurst;
      await server.waitFor(() => server.events().length - start >= spec.events, spec.name, spec.windowMs);
      deliveredMs = Date.now() - calledAt;
      // The acknowledged events' deletes follow the answer.
      await page.evaluate(() => (window as any).tracklet.flush());
    });
    sent += spec.events;
    const us = (ms: number) => +((ms * 1000) / spec.events).toFixed(2);
    const allIn = measured.busy - (idle.busy / idle.ms) * measured.ms;
    runs.push({
      callUs: us(times.callMs),
      sameTaskUs: us(times.sameTaskMs),
      burstCpuUs: us(burstCpu),
      laterUs: us(allIn - burstCpu),
      allInUs: us(allIn),
      deliveredMs,
    });
  }
  await context.close();
  const pick = (key: keyof AllInRun) => median(runs.map((r) => r[key]));
  return {
    ...spec,
    runs,
    idleMsPerS: idleMsPerS.map((ms) => +ms.toFixed(2)),
    median: { callUs: pick('callUs'), sameTaskUs: pick('sameTaskUs'), burstCpuUs: pick('burstCpuUs'), laterUs: pick('laterUs'), allInUs: pick('allInUs'), deliveredMs: pick('deliveredMs') },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/**
 * A sampling CPU profile of one burst of `events` (tracked, stored, delivered), its self time
 * summed by where it ran: the tracker's source files (through the bundle's source map), the
 * browser's built-ins by name, the rest as "(other)". Returns [place, ms] sorted, largest first.
 */
export async function profileBurst(browser: Browser, server: TestServer, url: string, bundlePath: string, events: number, windowMs: number): Promise<[string, number][]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => (window as any).tracklet.flush());
  await sleep(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const start = server.events().length;
  await burst(page, events, 0);
  await server.waitFor(() => server.events().length - start >= events, 'profile', windowMs);
  await page.evaluate(() => (window as any).tracklet.flush());
  await sleep(500);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  await context.close();
  let map: TraceMap | undefined;
  try {
    map = new TraceMap(readFileSync(bundlePath + '.map', 'utf8'));
  } catch {
    // No source map beside the bundle: the tracker's time is one line.
  }
  const place = (node: ProfileNode) => {
    const { functionName, url: script, lineNumber, columnNumber } = node.callFrame;
    if (!script) return functionName.startsWith('(') ? functionName : functionName + ' (built-in)';
    if (!script.includes('/bench-')) return '(page: ' + (functionName || 'anonymous') + ')';
    const source = map && originalPositionFor(map, { line: lineNumber + 1, column: columnNumber }).source;
    return source ? source.replace(/^.*?(src|node_modules)\//, '$1/') : 'tracklet (no source map)';
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const key = place(byId.get(id)!);
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  self.delete('(idle)');
  return [...self.entries()].map(([k, ms]): [string, number] => [k, +ms.toFixed(1)]).sort((a, b) => b[1] - a[1]);
}

/** The markdown of an all-in run. */
export function allInReport(result: { date: string; bundle: string; chromium: string; options: object; load: number[][]; cases: AllInCase[]; profile: [string, number][]; profileEvents: number }): string {
  const row = (c: AllInCase) =>
    `| ${c.name} | ${c.median.callUs} | ${c.median.sameTaskUs} | ${c.median.burstCpuUs} | ${c.median.laterUs} | **${c.median.allInUs}** | ${c.median.deliveredMs} | ${c.runs.map((r) => r.allInUs).join(', ')} |`;
  const total = result.profile.reduce((sum, [, ms]) => sum + ms, 0);
  return [
    `# What one event costs the page, all in (${result.date.slice(0, 10)}, Chromium ${result.chromium}, headless)`,
    '',
    `Bundle: \`${result.bundle}\`; options ${JSON.stringify(result.options)} (the defaults otherwise; the queue bound raised so that every one of the 10,000 events is stored and delivered, not cut). Each event has 5 properties. Median of the runs; µs per event.`,
    '',
    '| case | the call (wall) | rest of its task (wall) | call + its task (CPU) | later tasks (CPU) | **all in (CPU)** | delivered after (ms) | all in, every run |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.cases.map(row),
    '',
    'The call and the rest of its task: `performance.now()` in the page (the rest of the task is its microtasks: each event\'s JSON and the first IndexedDB write). All in: the renderer main thread\'s CPU time (CDP `Performance.getMetrics` ThreadTime; not the tasks\' wall time, which on this loaded machine also counts waiting for a core) from the calls until 1 s after the collector acknowledged the last event and `flush()` resolved (so the deletes are in), less what the page spends idle in as long a time (measured over 5 s just before each run: the same calls into the page, no event); later tasks are all in less the CPU time of the page.evaluate that made the calls (less that of an empty one). Idle main-thread time, ms per second: ' +
      result.cases.map((c) => `${c.name}: ${c.idleMsPerS.join(', ')}`).join('; ') +
      '.',
    '',
    `Machine load average (1, 5, 15 min) before and after: ${result.load.map((l) => l.join(', ')).join(' → ')}. The machine has 2 cores shared with other work: every figure is stretched by it.`,
    '',
    `## Where the time went: a CPU profile of ${result.profileEvents.toLocaleString('en')} events, tracked to deleted`,
    '',
    'Self time (sampled every 0.1 ms; the samples\' wall time, so on a loaded machine the shares say more than the milliseconds), by the source file of the tracker (through the bundle\'s source map) or the built-in that ran. `(program)` is the browser\'s own work on the main thread outside JavaScript (IndexedDB requests and their callbacks, fetch, IPC); a built-in without a name is native code the profiler could not name:',
    '',
    '| where | ms | share |',
    '| --- | ---: | ---: |',
    ...result.profile.slice(0, 16).map(([k, ms]) => `| ${k} | ${ms} | ${((ms / total) * 100).toFixed(0)} % |`),
    `| (the rest) | ${result.profile.slice(16).reduce((s, [, ms]) => s + ms, 0).toFixed(1)} | |`,
    '',
  ].join('\n');
}

export const ALL_IN_OPTIONS = { maxQueueSize: 10_000, maxQueueBytes: 20_000_000 };
export const loadNow = () => loadavg().map((n) => +n.toFixed(1));
export { join };
