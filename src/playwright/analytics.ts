import type { BrowserContext } from '@playwright/test';
import { flushPage } from './flush';
import { interceptCollector } from './intercept';
import { createRecorder } from './recorder';
import { stablePayloads } from './snapshot';
import type { Analytics, AnalyticsOptions } from './types';

/** `Analytics` plus the teardown, for use outside the fixture. */
export interface AnalyticsRecording extends Analytics {
  /** Stops intercepting (the fixture does this after each test). */
  stop(): Promise<void>;
}

/**
 * Starts a fake collector for every page of `context` and returns what it receives. The
 * `analytics` fixture calls this for you; call it yourself with the `playwright` library (no
 * test runner), or for a context the test made.
 *
 * @example
 * const analytics = await recordAnalytics(context, { serverUrl: '**\/sa' });
 * await page.goto('https://shop.example/checkout');
 * await analytics.flush(page);
 * console.log(analytics.events.map((e) => e.event));
 * await analytics.stop();
 */
export async function recordAnalytics(context: BrowserContext, options: AnalyticsOptions & { baseURL?: string | undefined } = {}): Promise<AnalyticsRecording> {
  const recorder = createRecorder();
  const stop = await interceptCollector(context, recorder, options);
  return {
    payloads: recorder.payloads,
    events: recorder.events,
    profiles: recorder.profiles,
    duplicates: recorder.duplicates,
    requests: recorder.requests,
    flush: flushPage,
    clear: recorder.clear,
    fail: recorder.fail,
    delay: recorder.delay,
    async setOffline(offline) {
      recorder.setOffline(offline);
      await context.setOffline(offline);
    },
    async recover() {
      recorder.recover();
      await context.setOffline(false);
    },
    snapshot: (snapshotOptions = {}) => JSON.stringify(stablePayloads(recorder.payloads, { ...snapshotOptions, baseURL: options.baseURL }), null, 2) + '\n',
    stop,
  };
}
