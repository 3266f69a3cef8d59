import { DEFAULT_COLLECTOR_PORT, startCollector, type CollectorOptions } from './collector/collector';
import { DEFAULT_SITE_PORT, startSite } from './site-server';

/**
 * `npm start`: the collector (events, live viewer) and the demo site, each on its own
 * loopback port so the site's events cross origins. Ports come from TRACKLET_COLLECTOR_PORT /
 * TRACKLET_SITE_PORT (defaults 8106 / 8107); a port already taken falls back to a free one.
 * The database lives in TRACKLET_DATA_DIR (default demo/data). Ctrl-C or SIGTERM closes both
 * servers and the database.
 */
const collector = await withFallback((port) => startCollector({ port, ...dataDir() }), envPort('TRACKLET_COLLECTOR_PORT', DEFAULT_COLLECTOR_PORT));
const site = await withFallback((port) => startSite({ collectorUrl: collector.url, port }), envPort('TRACKLET_SITE_PORT', DEFAULT_SITE_PORT)).catch(async (error: unknown) => {
  await collector.close();
  throw error;
});

console.log(`
tracklet demo is running
  demo site    ${site.url}/          (multi-page, script tag)
               ${site.url}/app       (single-page app, ESM build)
  live viewer  ${collector.url}/
  collector    ${collector.ingestUrl}  (POST data_list=…, GET ?data=…)
Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    void Promise.all([site.close(), collector.close()]).then(() => process.exit(0));
  });
}

function envPort(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function dataDir(): Pick<CollectorOptions, 'dataDir'> {
  return process.env.TRACKLET_DATA_DIR ? { dataDir: process.env.TRACKLET_DATA_DIR } : {};
}

async function withFallback<T>(start: (port: number) => Promise<T>, port: number): Promise<T> {
  try {
    return await start(port);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE' || port === 0) throw error;
    console.warn('port ' + port + ' is taken; using a free one');
    return start(0);
  }
}
