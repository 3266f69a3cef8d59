import type { BrowserContext, CDPSession, Route } from '@playwright/test';
import type { Answer, InterceptedRequest, Recorder } from './recorder';
import { urlMatcher, type UrlMatcher } from './url-match';

/**
 * Puts `recorder` in front of the collector for every page of `context`: the context's routing
 * catches the requests of live pages (every browser), and in Chromium a browser-level DevTools
 * session catches the sends made while a page is left or closed (`sendBeacon` and keepalive
 * `fetch` in `pagehide`), which Chromium lets past routing (measured with Chromium 156: the
 * beacon of a page being navigated away or closed never reaches `route()`). Returns the
 * teardown.
 *
 * @example const stop = await interceptCollector(context, recorder, { serverUrl: '**\/sa' });
 */
export async function interceptCollector(context: BrowserContext, recorder: Recorder, options: { serverUrl?: UrlMatcher | undefined; baseURL?: string | undefined }): Promise<() => Promise<void>> {
  const matches = options.serverUrl === undefined ? undefined : urlMatcher(options.serverUrl, options.baseURL);
  const onRoute = async (route: Route) => {
    const request = route.request();
    const intercepted = { method: request.method(), url: request.url(), body: request.postData() ?? undefined, origin: (await request.headerValue('origin')) ?? undefined, via: 'route' as const };
    const answer = await recorder.answer(intercepted, !!matches);
    // The page may be gone by now (the test ended): nothing is left to answer.
    await reply(route, answer).catch(() => undefined);
  };
  const target = matches ? (url: URL) => matches(url.href) : '**/*';
  await context.route(target, onRoute);
  const cdp = await browserSession(context);
  if (cdp) {
    cdp.on('Fetch.requestPaused', (event) => {
      const { requestId, request } = event;
      const intercepted: InterceptedRequest = { method: request.method, url: request.url, body: postBody(request), origin: header(request.headers, 'origin'), via: 'page-hide' };
      const pending = matches && !matches(request.url) ? Promise.resolve(undefined) : recorder.answer(intercepted, !!matches);
      void pending.then((answer) => answerPaused(cdp, requestId, answer)).catch(() => undefined);
    });
    // Only what a page sends to a server (not documents, scripts or images) is held up.
    const patterns = ['Ping', 'Fetch', 'XHR'].map((resourceType) => ({ urlPattern: '*', resourceType, requestStage: 'Request' as const }));
    await cdp.send('Fetch.enable', { patterns: patterns as never });
  }
  return async () => {
    await context.unroute(target, onRoute).catch(() => undefined);
    await cdp?.detach().catch(() => undefined);
  };
}

async function browserSession(context: BrowserContext): Promise<CDPSession | undefined> {
  const browser = context.browser();
  if (!browser || browser.browserType().name() !== 'chromium') return undefined;
  return browser.newBrowserCDPSession().catch(() => undefined);
}

function reply(route: Route, answer: Answer | undefined): Promise<void> {
  if (!answer) return route.fallback();
  if (answer === 'drop') return route.abort('internetdisconnected');
  return route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body, contentType: answer.contentType });
}

function answerPaused(cdp: CDPSession, requestId: string, answer: Answer | undefined): Promise<unknown> {
  if (!answer) return cdp.send('Fetch.continueRequest', { requestId });
  if (answer === 'drop') return cdp.send('Fetch.failRequest', { requestId, errorReason: 'InternetDisconnected' });
  const responseHeaders = Object.entries({ ...answer.headers, 'Content-Type': answer.contentType }).map(([name, value]) => ({ name, value }));
  return cdp.send('Fetch.fulfillRequest', { requestId, responseCode: answer.status, responseHeaders, body: answer.body.toString('base64') });
}

function postBody(request: { postData?: string; postDataEntries?: { bytes?: string }[] }): string | undefined {
  if (request.postDataEntries?.length) return Buffer.concat(request.postDataEntries.map((entry) => Buffer.from(entry.bytes ?? '', 'base64'))).toString('utf8');
  return request.postData;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}
