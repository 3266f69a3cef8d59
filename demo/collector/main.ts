import { parseArgs } from 'node:util';
import { DEFAULT_COLLECTOR_PORT, startCollector } from './collector';

/**
 * Runs the collector alone:
 * `node --import tsx demo/collector/main.ts [--port 8106] [--data demo/data] [--quiet] [--durable]`.
 * Prints `collector listening on <url>` once ready (the benchmark and tests wait for that line)
 * and closes the database cleanly on SIGINT/SIGTERM. It listens on 127.0.0.1 only; there is
 * deliberately no flag to expose it to a network.
 */
const USAGE = `Usage: node --import tsx demo/collector/main.ts [options]

Runs tracklet's reference collector and live viewer on 127.0.0.1.

Options:
  --port <n>    port to listen on (default ${DEFAULT_COLLECTOR_PORT}, or $TRACKLET_COLLECTOR_PORT; 0 picks a free one)
  --data <dir>  folder of the SQLite database (default demo/data)
  --quiet       do not log each request
  --durable     fsync every write (slower; survives a power cut)
  -h, --help    print this help
`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: String(process.env.TRACKLET_COLLECTOR_PORT ?? DEFAULT_COLLECTOR_PORT) },
      data: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      durable: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  // A mistyped flag gets the usage, not a stack trace.
  process.stderr.write((error as Error).message + '\n\n' + USAGE);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const collector = await startCollector({
  port: Number(values.port),
  quiet: values.quiet,
  durable: values.durable,
  ...(values.data ? { dataDir: values.data } : {}),
});
console.log('collector listening on ' + collector.url + ' (events: ' + collector.ingestUrl + ', viewer: ' + collector.url + '/)');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void collector.close().then(() => process.exit(0));
  });
}
