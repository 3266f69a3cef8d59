/** One benchmark scenario's figures, as written to bench/results/collector.json. */
export interface Scenario {
  name: string;
  requests: number;
  batchSize: number;
  concurrency: number;
  statuses: Record<string, number>;
  errors: number;
  capped: boolean;
  seconds: number;
  eventsStored: number;
  eventsPerSecond: number;
  requestsPerSecond: number;
  bodyBytes: number;
  /** CPU the collector process used per 1000 stored events (all threads); NaN off Linux. */
  collectorCpuMsPer1000Events: number;
  /** The machine's 1-minute load average during the run (other processes compete for the CPU). */
  loadAverage: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/**
 * The markdown snippet of bench/results/collector.md: a table per scenario and the machine.
 *
 * @example writeFileSync('bench/results/collector.md', toMarkdown(machine, results));
 */
export function toMarkdown(machine: Record<string, string | number>, results: Scenario[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.eventsPerSecond.toLocaleString('en')} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.collectorCpuMsPer1000Events} | ${r.loadAverage} | ${r.eventsStored.toLocaleString('en')} | ${Object.entries(r.statuses).map(([s, n]) => s + '×' + n).join(' ')}${r.errors ? ', ' + r.errors + ' errors' : ''}${r.capped ? ' (time cap hit)' : ''} |`,
  );
  const first = results[0];
  return [
    '### Collector throughput',
    '',
    `${first?.requests ?? 0} POST requests of ${first?.batchSize ?? 0} events (\`data_list\`, ~${first?.bodyBytes ?? 0} bytes uncompressed body), ${first?.concurrency ?? 0} in flight, loopback, collector in its own process, SQLite in WAL mode, one transaction per request.`,
    '',
    '| scenario | events/s stored | requests/s | p50 ms | p99 ms | max ms | collector CPU ms / 1k events | load avg | events stored | answers |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `Machine: ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, SQLite ${machine.sqlite} (better-sqlite3 ${machine.betterSqlite3}), ${machine.date}. Run: \`npm run bench:collector\`.`,
    'A load average above the CPU count means other processes shared the CPU during the run: events/s and answer times then understate the collector; its CPU per 1000 events is the steadier figure.',
    '',
  ].join('\n');
}
