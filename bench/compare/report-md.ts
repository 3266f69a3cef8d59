import type { MachineFacts } from './machine';
import { HEAP_BUSY_LIMIT_MS } from './measure/heap';
import { TRACK_BUSY_LIMIT_MS } from './measure/track-cost';
import type { SurvivalCase } from './measure/survival';
import type { SdkRuns, SdkSummary, SurvivalSummary } from './summarize';

export interface SdkReport {
  name: string;
  package: string;
  version: string;
  scriptFile: string;
  settings: Record<string, unknown>;
  notes: string[];
  summary: SdkSummary;
  runs: SdkRuns;
}

export interface BenchReport {
  date: string;
  durationS: number;
  machine: MachineFacts;
  repeats: { load: number; timed: number; wire: number; heap: number; leave: number; outage: number };
  sdks: SdkReport[];
}

const dash = '—';
const num = (value: number | undefined, digits = 0) =>
  value === undefined ? dash : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (bytes: number | undefined) => (bytes === undefined ? dash : num(bytes / 1024, 1));

/**
 * The results as markdown: a header with date, machine and versions, one table with a column
 * per SDK (best value of a row in bold), tracklet's targets, and the settings used.
 *
 * @example writeFileSync('compare.md', renderMarkdown(report));
 */
export function renderMarkdown(report: BenchReport): string {
  const { machine, repeats, sdks } = report;
  const s = sdks.map((sdk) => sdk.summary);
  const rows: string[][] = [
    ['Package @ version', ...sdks.map((sdk) => `${sdk.package}@${sdk.version}`)],
    ['Script-tag file', ...sdks.map((sdk) => '`' + sdk.scriptFile.replace(`node_modules/${sdk.package}/`, '') + '`')],
    best('Bundle, raw (KB)', s.map((x) => x.sizeRaw), kb),
    best('Bundle, gzip -9 (KB)', s.map((x) => x.sizeGzip), kb),
    best(`Load + init (ms, median of ${repeats.load}; middle half of the loads in brackets)`, s.map((x) => x.loadInitMs), (v, i) => num(v, 1) + spread(s[i]!.loadInitQuartiles)),
    best(`track() main thread (µs/call, 10,000 calls, 5 props; median of ${repeats.timed})`, s.map((x) => x.trackUs), (v, i) => num(v, 2) + budgeted(s[i]!.trackCallsMin, 10_000)),
    ['Long tasks in the 2 s after those calls (count / ms)', ...s.map((x) => (x.trackBusyRuns ? `page busy > ${TRACK_BUSY_LIMIT_MS / 1000} s after the loop (${x.trackBusyRuns} of ${repeats.timed} runs)` : `${num(x.longTasksAfter)} / ${num(x.longTaskMsAfter)}`))],
    best(`Requests per 1,000 events delivered (median of ${repeats.wire})`, s.map((x) => x.wireRequestsPer1000), (v, i) => `${num(v)}${s[i]!.wirePreflights ? ` (${num(s[i]!.wirePreflights)} preflight)` : ''}`),
    best('Bytes on the wire per event delivered (request lines, headers, bodies)', s.map((x) => x.wireBytesPerEvent), (v) => num(v)),
    best('Time from the last of those track() calls until all had arrived (s)', s.map((x) => x.wireMsUntilAll), (v, i) => (v !== undefined ? num(v / 1000, 1) : s[i]!.wireDeliveredMin === undefined ? dash : `not all in 60 s (worst run: ${num(s[i]!.wireDeliveredMin)} arrived)`) + budgeted(s[i]!.wireTrackedMin, 1000)),
    [`20 tracked, then navigated away: delivered (median / worst of ${repeats.leave})`, ...s.map((x) => delivered(x.survival.navigate))],
    [`20 tracked, tab closed, site opened again: delivered before → after reopening`, ...s.map((x) => reopen(x.survival.close))],
    [`200 tracked during 10 s of 503s: delivered / s to recover / requests while down`, ...s.map((x) => outage(x.survival.outage))],
    ['The same with a reload while down', ...s.map((x) => outage(x.survival.outageReload))],
    ['Duplicates received (by SDK event id / by seq), all delivery runs', ...s.map((x) => `${x.duplicatesById} / ${x.duplicatesBySeq}`)],
    best(`JS heap growth per 10,000 events tracked while offline (MB after GC, median of ${repeats.heap})`, s.map((x) => (x.heapGrowthBytes === undefined ? undefined : x.heapGrowthBytes / 2 ** 20)), (v, i) =>
      s[i]!.heapBusyRuns ? `page busy > ${HEAP_BUSY_LIMIT_MS / 1000} s after the loop (${s[i]!.heapBusyRuns} of ${repeats.heap} runs)${v === undefined ? '' : '; others ' + num(v, 2) + extrapolated(s[i]!.heapEventsMin, 10_000)}` : num(v, 2) + extrapolated(s[i]!.heapEventsMin, 10_000)),
  ];
  const header = ['', ...sdks.map((sdk) => sdk.name)];
  return [
    '# tracklet compared with the SDKs users would otherwise pick',
    '',
    `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC in ${report.durationS} s by \`npm run bench\` (bench/compare/run.ts).`,
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Chromium ${machine.chromium} headless, Node ${machine.node}; ` +
      `1-minute load average ${machine.loadStart} at the start and ${machine.loadEnd ?? dash} at the end` +
      (machine.loadStart > machine.cores / 2 ? ' (a busy machine: timings are noisy).' : '.'),
    `tracklet at commit ${machine.trackletCommit}. Versions: ${sdks.map((sdk) => `${sdk.package} ${sdk.version}`).join(', ')}.`,
    '',
    table(header, rows),
    '',
    'KB = 1,024 bytes. Best value of a row in bold. Settings of each SDK: bench/compare/README.md and the `settings` in compare.json.',
    '',
    '## tracklet against its targets',
    '',
    ...targets(sdks),
    '',
    ...errors(sdks),
  ].join('\n');
}

function best(label: string, values: (number | undefined)[], format: (v: number | undefined, i: number) => string): string[] {
  const defined = values.filter((v): v is number => v !== undefined);
  const lowest = defined.length > 1 ? Math.min(...defined) : undefined;
  return [label, ...values.map((v, i) => (v !== undefined && v === lowest ? `**${format(v, i)}**` : format(v, i)))];
}

// Loads vary several-fold on a shared machine: the quartiles show whether two medians differ.
function spread(quartiles: [number, number] | undefined): string {
  return quartiles ? ` (${num(quartiles[0], 1)}–${num(quartiles[1], 1)})` : '';
}

// A loop that ran out of its time budget made fewer calls; say how many.
function budgeted(calls: number | undefined, wanted: number): string {
  return calls !== undefined && calls < wanted ? ` (only ${num(calls)} calls in the time budget)` : '';
}

function extrapolated(events: number | undefined, wanted: number): string {
  return events !== undefined && events < wanted ? ` (scaled from ${num(events)} events tracked in the time budget)` : '';
}

function delivered(x: SurvivalSummary): string {
  if (x.deliveredMedian === undefined) return dash;
  return `${num(x.deliveredMedian)} / ${num(x.deliveredMin)} of ${x.tracked}`;
}

function reopen(x: SurvivalSummary): string {
  if (x.deliveredMedian === undefined) return dash;
  return `${num(x.deliveredBeforeReopenMedian)} → ${num(x.deliveredMedian)} (worst ${num(x.deliveredMin)}) of ${x.tracked}`;
}

function outage(x: SurvivalSummary): string {
  if (x.deliveredMedian === undefined) return dash;
  const recovery = x.msToRecoverMedian === undefined ? 'not all in 60 s' : num(x.msToRecoverMedian / 1000, 1) + ' s';
  return `${num(x.deliveredMin)} of ${x.tracked} / ${recovery} / ${num(x.requestsDuringOutageMedian)}`;
}

function targets(sdks: SdkReport[]): string[] {
  const me = sdks.find((sdk) => sdk.name === 'tracklet')?.summary;
  const others = sdks.filter((sdk) => sdk.name !== 'tracklet').map((sdk) => sdk.summary);
  if (!me || !others.length) return ['(tracklet and at least one peer are needed for this section)'];
  const lowest = (pick: (x: SdkSummary) => number | undefined) => {
    const values = others.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? Math.min(...values) : undefined;
  };
  const mark = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');
  const below = (mine: number | undefined, best: number | undefined, factor = 1) => (mine === undefined || best === undefined ? undefined : mine * factor < best);
  const size = lowest((x) => x.sizeGzip);
  const track = lowest((x) => x.trackUs);
  const bytes = lowest((x) => x.wireBytesPerEvent);
  const cases: SurvivalCase[] = ['navigate', 'close', 'outage', 'outageReload'];
  const measured = cases.filter((kind) => me.survival[kind].deliveredMin !== undefined);
  const lost = measured.filter((kind) => me.survival[kind].deliveredMin! < me.survival[kind].tracked);
  return [
    `- Smallest bundle by far (at most half the next): ${mark(below(me.sizeGzip, size, 2))} — ${kb(me.sizeGzip)} KB gzip, next smallest ${kb(size)} KB (${num(size === undefined ? undefined : size / me.sizeGzip, 1)}×).`,
    // The first aim, kept in the report so that its distance stays visible; the CI-checked size
    // budget (scripts/size-budget.json) replaced it as the target (see docs/size.md).
    `- Script-tag file, autotrack included, under 10 KB gzip (first aim, replaced by the size budget): ${mark(me.sizeGzip < 10 * 1024)} — ${num(me.sizeGzip)} bytes, 10,240 allowed.`,
    `- Cheapest track(): ${mark(below(me.trackUs, track))} — ${num(me.trackUs, 2)} µs/call, best peer ${num(track, 2)} µs.`,
    `- Every event delivered in every survival case: ${mark(measured.length ? !lost.length : undefined)}${lost.length ? ' — lost some in: ' + lost.join(', ') : ''}.`,
    `- No duplicates: ${mark(me.duplicatesById === 0 && me.duplicatesBySeq === 0)} — ${me.duplicatesById} by id, ${me.duplicatesBySeq} by seq.`,
    `- Fewest bytes per event: ${mark(below(me.wireBytesPerEvent, bytes))} — ${num(me.wireBytesPerEvent)} B/event, best peer ${num(bytes)} B.`,
  ];
}

function errors(sdks: SdkReport[]): string[] {
  const lines = sdks.filter((sdk) => sdk.summary.errors.length).map((sdk) => `- ${sdk.name}: ${sdk.summary.errors.map((e) => '`' + e.replace(/`/g, "'").slice(0, 160) + '`').join('; ')}`);
  return lines.length ? ['## Errors reported by pages or measurements', '', ...lines, ''] : [];
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => '| ' + cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ') + ' |';
  return [line(header), line(header.map((_, i) => (i ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
