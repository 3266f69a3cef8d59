// Measures how real routers order a navigation's signals (History calls, title writes, Navigation
// API events), to choose autotrack's route-settle rule. Run on demand:
//   npm run build && node --import tsx bench/route-settle/run.ts [runs]
// Writes bench/results/route-settle.json and .md. Chromium, normal CPU and 4x throttled.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { launchChromium } from '../../test/browser/helpers/chromium';
import { buildRouterApps, routerAppPage, type RouterApp } from '../../test/browser/helpers/router-apps';
import { startTestServer } from '../../test/browser/helpers/test-server';
import type { Page } from 'playwright';

const RUNS = Number(process.argv[2] ?? 10);
const round = (n: number) => Math.round(n * 10) / 10;
type Entry = [number, string, string];
interface Step { name: string; from: 'init' | 'url'; run(page: Page, base: string): Promise<unknown> }

const STEPS: Step[] = [
  { name: 'landing on /', from: 'init', run: (page, base) => page.goto(base) },
  { name: 'landing on /login (redirect)', from: 'init', run: (page, base) => page.goto(base + (base.includes('vue-hash') ? '#/login' : 'login')) },
  { name: 'link click /products', from: 'url', run: (page) => page.click('#to-products') },
  { name: 'navigate() to /login (redirect)', from: 'url', run: (page) => page.evaluate(() => (window as any).appNavigate('/login')) },
  { name: 'navigate() to /search?q=boots', from: 'url', run: (page) => page.evaluate(() => (window as any).appNavigate('/search?q=boots')) },
  { name: 'back', from: 'url', run: (page) => page.goBack() },
];
// ONLY=vue limits the run to the apps whose name contains it; VERBOSE=1 prints each first timeline.
const APPS = ([['react', 'declarative'], ['react', 'data'], ['vue', 'history'], ['vue', 'hash']] as [RouterApp, string][])
  .filter(([app, mode]) => (app + ' ' + mode).includes(process.env.ONLY ?? ''));

const server = await startTestServer();
await buildRouterApps();
const browser = await launchChromium();
const rows: Record<string, unknown>[] = [];
const loadBefore = loadavg()[0];
for (const throttle of process.env.ONLY ? [1] : [1, 4]) {
  for (const [app, mode] of APPS) {
    const path = '/' + app + '-' + mode + '/';
    // tracklet's own pageview, as built: when (after the route settled) and with which title.
    const html = routerAppPage(app, mode, path, { serverUrl: server.origin + '/collect', autotrack: { pageview: mode === 'hash' ? 'hash' : true } },
      "TRACKLET_OPTIONS.beforeSend = (p) => (p.event === '$pageview' && __log('tracklet $pageview', p.properties.$title + ' @ ' + p.properties.$url), p);");
    for (const sub of ['', 'login']) server.page(path + sub, html);
    const base = server.origin + path;
    const samples: Record<string, number[][]> = {};
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      await context.addInitScript({ path: join(import.meta.dirname, 'timeline.js') });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      for (const step of STEPS) {
        await page.evaluate(() => ((window as any).__timeline.length = 0)).catch(() => undefined);
        await step.run(page, base);
        await page.waitForTimeout(1500);
        const timeline = (await page.evaluate(() => (window as any).__timeline)) as Entry[];
        const urlChanges = timeline.filter(([, kind, detail]) => (kind === 'pushState' || kind === 'replaceState') && detail.startsWith('changed') || kind === 'popstate');
        const start = step.from === 'init' ? timeline.find(([, kind]) => kind === 'tracklet.init') : urlChanges[0];
        if (!start) continue;
        const since = (entry: Entry | undefined) => (entry ? entry[0] - start[0] : NaN);
        const last = <T>(list: T[]) => list[list.length - 1];
        const titles = timeline.filter(([, kind]) => kind === 'title');
        (samples[step.name] ??= []).push([
          since(last(urlChanges)),
          since(last(titles)),
          urlChanges.length,
          since(timeline.find(([, kind]) => kind === 'navigatesuccess')),
          since(timeline.find(([time, kind]) => kind === 'tracklet $pageview' && time >= start[0])),
          // 1 when tracklet's pageview carries the last title the app wrote (or no title was written).
          (() => {
            const view = timeline.find(([time, kind]) => kind === 'tracklet $pageview' && time >= start[0]);
            const title = last(titles);
            return !view ? NaN : !title || view[2].startsWith(title[2] + ' @') ? 1 : 0;
          })(),
        ]);
        if (run === 0 && throttle === 1 && process.env.VERBOSE) console.log(app, mode, step.name, JSON.stringify(timeline.map(([t, k, d]) => [Math.round((t - start[0]) * 10) / 10, k, d])));
      }
      await context.close();
    }
    for (const [step, list] of Object.entries(samples)) {
      const col = (i: number) => list.map((s) => s[i]!).filter((v) => !isNaN(v)).sort((a, b) => a - b);
      const summary = (i: number) => { const v = col(i); return v.length ? { median: round(v[v.length >> 1]!), max: round(v[v.length - 1]!) } : null; };
      rows.push({ throttle, router: app + ' ' + mode, step, runs: list.length, lastUrlChange: summary(0), lastTitle: summary(1), urlChanges: col(2)[col(2).length - 1], navigatesuccess: summary(3), pageviewBuilt: summary(4), rightTitle: col(5).filter((v) => v === 1).length + '/' + col(5).length });
    }
  }
}
await browser.close();
await server.close();
const results = { date: new Date().toISOString(), runs: RUNS, loadAverage: [loadBefore, loadavg()[0]], rows };
const out = process.env.ONLY ? join(import.meta.dirname, '..', '..', '.tmp') : join(import.meta.dirname, '..', 'results');
writeFileSync(join(out, 'route-settle.json'), JSON.stringify(results, null, 2) + '\n');
const cell = (s: any) => (s ? s.median + ' / ' + s.max : '—');
const md = ['# Route settle timings', '', `${results.date}, ${RUNS} runs per row, load average ${results.loadAverage.map((n) => n.toFixed(2)).join(' → ')} (shared 2-core machine).`,
  'Milliseconds after the step began (tracklet.init for a landing, else the first URL change), median / max.', '',
  '| CPU | router | step | last URL change | last title write | URL changes (max) | navigatesuccess | tracklet $pageview built | its title right |', '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r: any) => `| ${r.throttle}x | ${r.router} | ${r.step} | ${cell(r.lastUrlChange)} | ${cell(r.lastTitle)} | ${r.urlChanges ?? '—'} | ${cell(r.navigatesuccess)} | ${cell(r.pageviewBuilt)} | ${r.rightTitle} |`)].join('\n') + '\n';
writeFileSync(join(out, 'route-settle.md'), md);
console.log(md);
