import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOf, settle, waitFor } from '../browser/helpers/autotrack';
import type { Tab } from './drivers';
import { forEachEngine } from './helpers/suite';
import { call, enginePage, pageErrors } from './helpers/tab';

// Automatic pageviews (pages and single-page-app routes) and page leaves in Chromium, Firefox
// and WebKit.

// A small client-side router, as apps write them: it renders after changing the URL and sets
// the title; `navigateLikeVue` stores the scroll position with replaceState, then pushes the
// new URL and replaces it again with its state (two History calls for one navigation).
const ROUTER = `
window.render = () => { document.title = 'App ' + location.pathname; document.querySelector('main').textContent = location.pathname; };
window.go = (path) => { history.pushState({}, '', path); render(); };
window.navigateLikeVue = (path) => {
  history.replaceState({ ...history.state, scroll: scrollY }, '');
  history.pushState({}, '', path);
  history.replaceState({ key: 1 }, '', path);
  render();
};
addEventListener('popstate', render);`;

// Lets the route (or the landing) settle before the next step (steps closer together are one
// navigation, by design): tracklet's 300 ms quiet timer was set before this one, so it fires
// first, and its idle callback runs before this one's. WebKit has no requestIdleCallback: the
// SDK then settles after the quiet time, and so does this wait.
async function settled(tab: Tab): Promise<void> {
  await tab.evaluate(() => new Promise((resolve) => {
    setTimeout(() => ((window as any).requestIdleCallback || setTimeout)(resolve), 400);
  }));
}

/** Runs `script` in the page, then waits until the route has settled. */
async function step(tab: Tab, script: string): Promise<void> {
  await tab.evaluate((source: string) => void (0, eval)(source), script);
  await settled(tab);
}

/** Clicks `selector` a task later, so that the command returns before the page goes. */
const clickSoon = (tab: Tab, selector: string) =>
  tab.evaluate((s: string) => void setTimeout(() => (document.querySelector(s) as HTMLElement).click(), 0), selector);

forEachEngine((env) => {
  const origin = () => env.server.origin;

  test('a multi-page visit: a $pageview per page with URL, path, title, referrer and campaign; one session', async () => {
    const b = enginePage(env.server, { autotrack: {} }, { title: 'Page B' });
    const a = enginePage(env.server, { autotrack: {} }, { title: 'Page A', body: `<a id="next" href="${b}">Next</a>` });
    const landing = origin() + a + '?utm_source=news&utm_medium=email&utm_campaign=spring';
    const { profile, tab } = await env.open(a + '?utm_source=news&utm_medium=email&utm_campaign=spring');
    const id = await call<string>(tab, 'getDistinctId');
    await waitFor(() => eventsOf(env.server, id, '$pageview').length === 1, 'the first pageview');
    await clickSoon(tab, '#next');
    await waitFor(() => eventsOf(env.server, id, '$pageview').length === 2, 'the second pageview');
    const [first, second] = eventsOf(env.server, id, '$pageview').map((e) => e.properties);
    assert.equal(first!.$url, landing);
    assert.equal(first!.$url_path, a);
    assert.equal(first!.$title, 'Page A');
    assert.equal(first!.$referrer, '');
    assert.equal(first!.$is_first_time, true);
    assert.deepEqual([first!.$utm_source, first!.$utm_medium, first!.$utm_campaign], ['news', 'email', 'spring']);
    assert.equal(first!.$latest_traffic_source_type, 'paid');
    assert.equal(second!.$url, origin() + b);
    assert.equal(second!.$title, 'Page B');
    assert.equal(second!.$referrer, landing, 'the previous page is the referrer');
    assert.equal(second!.$is_first_time, false);
    assert.equal(second!.$utm_source, undefined, 'campaign properties belong to the tagged URL');
    assert.equal(second!.$session_id, first!.$session_id, 'one session');
    // The first page's leave went out as it was left.
    await waitFor(() => eventsOf(env.server, id, '$WebPageLeave').length === 1, "the first page's leave");
    assert.equal(eventsOf(env.server, id, '$WebPageLeave')[0]!.properties.$url, landing);
    await settle();
    assert.equal(eventsOf(env.server, id).filter((e) => e.type === 'profile_set_once').length, 1, 'first touch sent once');
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  test('a single-page app: one pageview per route change, a leave for the old route, no double counting', async () => {
    env.server.page('/elsewhere.html', '<!doctype html><p>elsewhere</p>');
    const app = enginePage(env.server, { autotrack: {} }, { body: '<main></main><script>' + ROUTER + '</script>' });
    const { profile, tab } = await env.open(app);
    const id = await call<string>(tab, 'getDistinctId');
    await settled(tab); // the landing's pageview
    await step(tab, "go('/app/about')");
    await step(tab, "navigateLikeVue('/app/pricing')"); // three History calls: one pageview
    await step(tab, "history.replaceState({ a: 1 }, ''); history.replaceState({ a: 2 }, '')"); // state only
    await step(tab, "history.replaceState({}, '', '/app/pricing?tab=2')"); // same path: not a page
    await step(tab, 'history.back()'); // popstate to /app/about
    await waitFor(() => eventsOf(env.server, id, '$pageview').length === 4, 'the pageview after history.back()');
    await step(tab, "location.hash = '#section'"); // hash only: not a route change
    await tab.goto(origin() + '/elsewhere.html');
    await waitFor(() => eventsOf(env.server, id, '$WebPageLeave').length >= 4, 'the last leave');
    await settle();
    const events = eventsOf(env.server, id).filter((e) => e.type === 'track').sort((x, y) => (x.time as number) - (y.time as number));
    const path = (url: unknown) => new URL(String(url)).pathname;
    assert.deepEqual(events.map((e) => [e.event, path(e.properties.$url), e.properties.$referrer ? path(e.properties.$referrer) : '']), [
      ['$pageview', app, ''],
      ['$WebPageLeave', app, ''],
      ['$pageview', '/app/about', app],
      ['$WebPageLeave', '/app/about', app],
      ['$pageview', '/app/pricing', '/app/about'],
      ['$WebPageLeave', '/app/pricing', '/app/about'],
      ['$pageview', '/app/about', '/app/pricing'],
      ['$WebPageLeave', '/app/about', '/app/pricing'],
    ]);
    const views = events.filter((e) => e.event === '$pageview').map((e) => e.properties);
    // The server rendered the first page's title; the router set the others.
    assert.deepEqual(views.map((p) => p.$title), ['tracklet test page', 'App /app/about', 'App /app/pricing', 'App /app/about'], "the route's title");
    assert.equal(new Set(events.map((e) => e.properties.$session_id)).size, 1);
    await profile.close();
  });

  test('$WebPageLeave: one per page view when the page is left, with its visible seconds and deepest scroll', async () => {
    env.server.page('/elsewhere.html', '<!doctype html><p>elsewhere</p>');
    const tall = enginePage(env.server, { autotrack: {} }, { body: '<div style="height:5000px">tall</div>' });
    const { profile, tab } = await env.open(tall);
    const id = await call<string>(tab, 'getDistinctId');
    const [view] = await waitFor(() => eventsOf(env.server, id, '$pageview').length && eventsOf(env.server, id, '$pageview'), 'the pageview');
    // Down to 2000 px, then back up: the leave reports the deepest offset, not the last one.
    await tab.evaluate(() => new Promise((resolve) => {
      scrollTo(0, 2000);
      setTimeout(() => {
        scrollTo(0, 100);
        setTimeout(resolve, 100);
      }, 200);
    }));
    const depth = await tab.evaluate(() => ({ bottom: 2000 + innerHeight, height: document.documentElement.scrollHeight }));
    await settle(500);
    assert.equal(eventsOf(env.server, id, '$WebPageLeave').length, 0, 'no leave while on the page');
    const leftAt = await tab.evaluate(() => Date.now());
    await tab.goto(origin() + '/elsewhere.html');
    const [leave] = await waitFor(() => eventsOf(env.server, id, '$WebPageLeave').length && eventsOf(env.server, id, '$WebPageLeave'), 'the leave');
    await settle();
    assert.equal(eventsOf(env.server, id, '$WebPageLeave').length, 1, 'exactly one leave');
    const props = leave!.properties;
    assert.equal(props.$url, origin() + tall);
    assert.equal(props.$session_id, view!.properties.$session_id);
    const onPageMs = (leave!.time as number) - (view!.time as number);
    assert.ok((leave!.time as number) >= leftAt, 'sent when the page was left');
    assert.ok(Math.abs((props.event_duration as number) * 1000 - onPageMs) < 300, `event_duration ${props.event_duration} s, on the page ${onPageMs} ms`);
    assert.equal(props.$viewport_position, 2000, 'the deepest scroll offset');
    assert.equal(props.$scroll_depth_percent, Math.round((depth.bottom / depth.height) * 100));
    await profile.close();
  });
});
