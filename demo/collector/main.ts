import { parseArgs } from 'node:util';
import { DEFAULT_COLLECTOR_PORT, startCollector } from './collector';

/**
 * Runs the collector alone:
 * `node --import tsx demo/collector/main.ts [--port 8106] [--data demo/data] [--database postgres://…] [--quiet] [--durable]`.
 * Prints `collector listening on <url>` once ready (the benchmark and tests wait for that line)
 * and closes the database cleanly on SIGINT/SIGTERM. It listens on 127.0.0.1 unless told
 * otherwise (`--host 0.0.0.0`); then the viewer's API needs a token (`--api-token`, or
 * TRACKLET_VIEWER_TOKEN, or one made up and printed) and answers only the host names given
 * with `--allow-host` (repeatable) besides the loopback ones and the listen address.
 */
const USAGE = `Usage: node --import tsx demo/collector/main.ts [options]

Runs tracklet's reference collector and live viewer (on 127.0.0.1 unless --host says otherwise).

Options:
  --port <n>          port to listen on (default ${DEFAULT_COLLECTOR_PORT}, or $TRACKLET_COLLECTOR_PORT; 0 picks a free one)
  --data <dir>        folder of the SQLite database (default demo/data)
  --database <url>    store in PostgreSQL instead (postgres://user:password@host:5432/db, or
                      $TRACKLET_DATABASE_URL); several collectors can share one database
  --quiet             do not log each request
  --durable           fsync every write (slower; survives a power cut)
  --host <address>    address to listen on (default 127.0.0.1); another one makes the viewer's API need a token
  --allow-host <name> a host name the viewer's API answers besides the loopback ones (repeatable)
  --api-token <t>     the viewer API's token (or $TRACKLET_VIEWER_TOKEN; made up and printed when needed)
  -h, --help          print this help
`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: String(process.env.TRACKLET_COLLECTOR_PORT ?? DEFAULT_COLLECTOR_PORT) },
      data: { type: 'string' },
      database: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      durable: { type: 'boolean', default: false },
      host: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'api-token': { type: 'string' },
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
const apiToken = values['api-token'] ?? process.env.TRACKLET_VIEWER_TOKEN;

const collector = await startCollector({
  port: Number(values.port),
  quiet: values.quiet,
  durable: values.durable,
  ...(values.data ? { dataDir: values.data } : {}),
  ...(values.database ? { databaseUrl: values.database } : {}),
  ...(values.host ? { host: values.host } : {}),
  ...(values['allow-host'] ? { allowedHosts: values['allow-host'] } : {}),
  ...(apiToken ? { apiToken } : {}),
});
const viewerUrl = collector.url + '/' + (collector.apiToken ? '?token=' + encodeURIComponent(collector.apiToken) : '');
console.log('collector listening on ' + collector.url + ' (events: ' + collector.ingestUrl + ', viewer: ' + viewerUrl + ', store: ' + collector.database.dialect + ' ' + collector.database.location + ')');
const { token } = collector.openApi;
if (token.source === 'generated') console.log('open API token (new; kept in ' + token.file + '): ' + token.value);
else console.log('open API (' + collector.url + '/open/…, time zone ' + collector.openApi.timeZone + '): token ' + (token.source === 'environment' ? 'from TRACKLET_API_TOKEN' : 'kept in ' + token.file));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void collector.close().then(() => process.exit(0));
  });
}
