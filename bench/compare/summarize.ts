import type { HeapResult } from './measure/heap';
import type { LoadResult } from './measure/load';
import type { SizeResult } from './measure/size';
import type { SurvivalCase, SurvivalResult } from './measure/survival';
import type { TrackCostResult } from './measure/track-cost';
import type { WireResult } from './measure/wire';
import { median, min, quartiles, sum } from './stats';

/** A measurement that threw instead of giving a result. */
export interface Failure {
  failed: string;
}

export type Outcome<T> = T | Failure;

/** Every repeat of every measurement of one SDK, as measured. */
export interface SdkRuns {
  size: SizeResult;
  load: Outcome<LoadResult>[];
  track: Outcome<TrackCostResult>[];
  wire: Outcome<WireResult>[];
  heap: Outcome<HeapResult>[];
  survival: Record<SurvivalCase, Outcome<SurvivalResult>[]>;
}

export interface SurvivalSummary {
  tracked: number;
  /** Distinct events delivered: median and worst over the repeats. */
  deliveredMedian: number | undefined;
  deliveredMin: number | undefined;
  deliveredBeforeReopenMedian: number | undefined;
  msToRecoverMedian: number | undefined;
  requestsDuringOutageMedian: number | undefined;
  repeats: number;
  failures: number;
}

/** The medians the table shows. */
export interface SdkSummary {
  sizeRaw: number;
  sizeGzip: number;
  loadInitMs: number | undefined;
  /** First and third quartiles of the loads. */
  loadInitQuartiles: [number, number] | undefined;
  trackUs: number | undefined;
  /** Fewest calls a track() loop made (10,000 unless a loop ran out of its time budget). */
  trackCallsMin: number | undefined;
  longTasksAfter: number | undefined;
  longTaskMsAfter: number | undefined;
  /** Track loops after which the page stayed busy past the limit (long tasks unreadable). */
  trackBusyRuns: number;
  /** Requests (preflights included) and bytes per event delivered, so a run in which not all
   * arrived is still comparable. */
  wireRequestsPer1000: number | undefined;
  wirePreflights: number | undefined;
  wireBytesPerEvent: number | undefined;
  wireMsUntilAll: number | undefined;
  wireDeliveredMin: number | undefined;
  wireTrackedMin: number | undefined;
  survival: Record<SurvivalCase, SurvivalSummary>;
  /** Over the wire and survival runs. */
  duplicatesById: number;
  duplicatesBySeq: number;
  /** Heap growth scaled to 10,000 events (a loop that ran out of time tracked fewer). */
  heapGrowthBytes: number | undefined;
  heapEventsMin: number | undefined;
  heapBusyRuns: number;
  errors: string[];
}

const ok = <T>(outcomes: Outcome<T>[]): T[] => outcomes.filter((o): o is T => !('failed' in (o as object)));

/**
 * Reduces one SDK's runs to medians (worst case too for delivery), and collects the distinct
 * errors pages reported.
 *
 * @example summarize(runs).trackUs
 */
export function summarize(runs: SdkRuns): SdkSummary {
  const loads = ok(runs.load).map((r) => r.loadInitMs);
  const track = ok(runs.track);
  const wire = ok(runs.wire);
  const survivals = Object.values(runs.survival).flatMap((list) => ok(list));
  const failures = [runs.load, runs.track, runs.wire, runs.heap, ...Object.values(runs.survival)]
    .flat()
    .filter((o): o is Failure => 'failed' in (o as object))
    .map((f) => 'measurement failed: ' + f.failed);
  const pageErrors = [...ok(runs.load), ...track, ...wire, ...ok(runs.heap), ...survivals].flatMap((r) => r.errors);
  return {
    sizeRaw: runs.size.raw,
    sizeGzip: runs.size.gzip,
    loadInitMs: median(loads),
    loadInitQuartiles: quartiles(loads),
    trackUs: median(track.map((r) => r.usPerCall)),
    trackCallsMin: min(track.map((r) => r.calls)),
    longTasksAfter: median(track.map((r) => r.longTasks)),
    longTaskMsAfter: median(track.map((r) => r.longTaskMs)),
    trackBusyRuns: track.filter((r) => r.busy).length,
    wireRequestsPer1000: median(wire.map((r) => (r.delivered ? (r.requests * 1000) / r.delivered : undefined))),
    wirePreflights: median(wire.map((r) => r.preflights)),
    wireBytesPerEvent: median(wire.map((r) => (r.delivered ? r.bytes / r.delivered : undefined))),
    wireMsUntilAll: median(wire.map((r) => r.msUntilAll)),
    wireDeliveredMin: min(wire.map((r) => r.delivered)),
    wireTrackedMin: min(wire.map((r) => r.tracked)),
    survival: Object.fromEntries(
      Object.entries(runs.survival).map(([kind, list]) => [kind, summarizeSurvival(list)]),
    ) as Record<SurvivalCase, SurvivalSummary>,
    duplicatesById: sum([...wire, ...survivals].map((r) => r.duplicatesById)),
    duplicatesBySeq: sum([...wire, ...survivals].map((r) => r.duplicatesBySeq)),
    heapGrowthBytes: median(ok(runs.heap).map((r) => (r.growth === undefined || !r.events ? undefined : (r.growth * 10_000) / r.events))),
    heapEventsMin: min(ok(runs.heap).map((r) => r.events)),
    heapBusyRuns: ok(runs.heap).filter((r) => r.busy).length,
    errors: [...new Set([...failures, ...pageErrors])].slice(0, 10),
  };
}

function summarizeSurvival(outcomes: Outcome<SurvivalResult>[]): SurvivalSummary {
  const results = ok(outcomes);
  return {
    tracked: results[0]?.tracked ?? 0,
    deliveredMedian: median(results.map((r) => r.delivered)),
    deliveredMin: min(results.map((r) => r.delivered)),
    deliveredBeforeReopenMedian: median(results.map((r) => r.deliveredBeforeReopen)),
    msToRecoverMedian: median(results.map((r) => r.msToRecover)),
    requestsDuringOutageMedian: median(results.map((r) => r.requestsDuringOutage)),
    repeats: outcomes.length,
    failures: outcomes.length - results.length,
  };
}
