import { startSite } from '../../demo/site-server';

/**
 * Starts the demo site on a free loopback port for the example specs and hands its URL to the
 * workers (they inherit the environment, and read `baseURL` from it in the config). Its pages
 * send to http://collector.invalid/sa: no collector runs, the `analytics` fixture answers.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const site = await startSite({ collectorUrl: 'http://collector.invalid', port: 0 });
  process.env.TRACKLET_DEMO_SITE_URL = site.url;
  return () => site.close();
}
