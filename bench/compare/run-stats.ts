import type { Run } from './collector';

/** What a run's collector endpoint saw, counted. */
export interface RunStats {
  /** Distinct bench events (by `seq`) answered 2xx. */
  delivered: number;
  /** Events received again with an SDK id already received. */
  duplicatesById: number;
  /** Events received again with a `seq` already received (also catches resends under a new id). */
  duplicatesBySeq: number;
  /** Requests, preflights included. */
  requests: number;
  preflights: number;
  /** Requests answered with an error status (an outage's 503s). */
  failedRequests: number;
  bytes: number;
  /** When the last distinct event arrived (ms since epoch), if any did. */
  lastNewArrival: number | undefined;
  /** Requests whose body the adapter could not decode (a bench bug if not 0). */
  undecoded: number;
}

/**
 * Counts a run's records, optionally only those from `since` (ms since epoch) on.
 *
 * @example runStats(run, startedAt).delivered
 */
export function runStats(run: Run, since = 0): RunStats {
  const requests = run.requests.filter((r) => r.at >= since);
  const seqs = new Set<number>();
  const ids = new Set<string>();
  let duplicatesById = 0;
  let lastNewArrival: number | undefined;
  for (const arrival of run.arrivals) {
    if (arrival.id !== undefined) {
      if (ids.has(arrival.id)) duplicatesById++;
      ids.add(arrival.id);
    }
    if (!seqs.has(arrival.seq)) lastNewArrival = arrival.at;
    seqs.add(arrival.seq);
  }
  return {
    delivered: seqs.size,
    duplicatesById,
    duplicatesBySeq: run.arrivals.length - seqs.size,
    requests: requests.length,
    preflights: requests.filter((r) => r.method === 'OPTIONS').length,
    failedRequests: requests.filter((r) => r.status >= 300).length,
    bytes: requests.reduce((sum, r) => sum + r.bytes, 0),
    lastNewArrival,
    undecoded: requests.filter((r) => r.error).length,
  };
}

/** Distinct bench events delivered so far. */
export function deliveredCount(run: Run): number {
  return new Set(run.arrivals.map((a) => a.seq)).size;
}
