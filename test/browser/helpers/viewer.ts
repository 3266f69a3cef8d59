import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright';
import { startTestCollector } from '../../unit/helpers/collector-server';
import { launchChromium } from './chromium';

/**
 * One collector and one Chromium for a viewer test file, closed after it, and `openViewer()`
 * for a live viewer page whose page errors and console errors land in `problems`.
 *
 * @example const viewer = useViewer(); test('…', async () => { const page = await viewer.openViewer(); … });
 */
export function useViewer() {
  const session = {
    collector: undefined as unknown as Awaited<ReturnType<typeof startTestCollector>>,
    browser: undefined as unknown as Browser,
    problems: [] as string[],
    async openViewer(): Promise<Page> {
      const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => session.problems.push(error.message));
      page.on('console', (message) => void (message.type() === 'error' && session.problems.push(message.text())));
      await page.goto(session.collector.url + '/');
      await page.locator('#connection.live').waitFor();
      return page;
    },
  };
  before(async () => {
    session.collector = await startTestCollector();
    session.browser = await launchChromium();
  });
  after(async () => {
    await session.browser?.close();
    await session.collector?.stop();
  });
  return session;
}
