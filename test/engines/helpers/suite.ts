import { after, before, describe } from 'node:test';
import { startTestServer, type TestServer } from '../../browser/helpers/test-server';
import { launchEngine, selectedEngines, type EngineBrowser, type EngineName, type Profile, type Tab } from '../drivers';

/** What a cross-engine test gets: its engine's browser and a test server of its own. */
export interface EngineEnv {
  engine: EngineName;
  browser: EngineBrowser;
  server: TestServer;
  /** A fresh profile with one tab on `path` of the test server; close the profile at the end. */
  open(path: string): Promise<{ profile: Profile; tab: Tab }>;
}

/**
 * Defines the tests of `define` once per engine (chromium, firefox, webkit, or those of
 * $TRACKLET_ENGINES), each engine in a `describe` of its name with its own browser and
 * server, started before its first test and stopped after its last.
 *
 * @example forEachEngine((env) => test('tracks', async () => { const { tab } = await env.open('/p.html'); ... }));
 */
export function forEachEngine(define: (env: EngineEnv) => void, options: { https?: boolean } = {}): void {
  for (const engine of selectedEngines()) {
    describe(engine, () => {
      const env = { engine } as EngineEnv;
      env.open = async (path) => {
        const profile = await env.browser.newProfile();
        const tab = await profile.newTab();
        await tab.goto(env.server.origin + path);
        return { profile, tab };
      };
      before(async () => {
        [env.browser, env.server] = await Promise.all([launchEngine(engine), startTestServer(options)]);
        console.log(engine + ': ' + env.browser.version);
      });
      after(async () => {
        await env.browser?.close();
        await env.server?.close();
      });
      define(env);
    });
  }
}
