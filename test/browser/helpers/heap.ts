import type { CDPSession } from 'playwright';

/**
 * JS heap in use after full garbage collections, in bytes, read through the DevTools protocol
 * (so no page flag is needed). Keep one session for every reading of a page, opened before it
 * goes offline: attaching a session to an offline page (Chromium 150) fires `online` there, and
 * `navigator.onLine` reads true again while requests still fail. Used by the browser tests and
 * the comparison bench.
 *
 * @example const cdp = await context.newCDPSession(page); const before = await heapAfterGc(cdp);
 */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}
