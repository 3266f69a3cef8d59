import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { newWebDriverSession, type WebDriverSession } from './webdriver-client';
import { startXvfb } from './xvfb';
import { callSource, type Cookie, type EngineBrowser, type Profile, type Tab } from './types';

/** Debian's webkit2gtk-driver and the MiniBrowser of libwebkit2gtk-4.1 (or $WEBKIT_DRIVER_PATH, $MINIBROWSER_PATH). */
export const webkitDriverPath = () => process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export function miniBrowserPath(): string {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  const multiarch = readdirSync('/usr/lib').filter((dir) => dir.endsWith('-linux-gnu'));
  const found = multiarch.map((dir) => '/usr/lib/' + dir + '/webkit2gtk-4.1/MiniBrowser').find((path) => existsSync(path));
  return found ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const ready = await fetch(url + '/status', { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error('WebKitWebDriver did not answer on ' + url + ' within ' + timeoutMs + ' ms');
  }
}

/**
 * WebKitGTK through its classic WebDriver (WebKitWebDriver driving MiniBrowser in automation
 * mode). MiniBrowser has no headless mode, so it runs on an Xvfb display of its own. Starting a
 * session costs seconds (up to tens on a busy machine), so one session serves the whole file:
 * a new profile closes the other windows and clears the cookies and storage of every origin
 * the previous one visited (one profile at a time: opening one ends the previous).
 *
 * @example const browser = await launchWebKitEngine(); const profile = await browser.newProfile();
 */
export async function launchWebKitEngine(): Promise<EngineBrowser> {
  const screen = await startXvfb();
  const port = await freePort();
  // Without compositing mode: on Xvfb (no GPU) the accelerated path runs no rendering updates
  // at all (no requestAnimationFrame, no scroll events: measured 0 frames in 500 ms).
  const env = { ...process.env, DISPLAY: screen.display, WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
  const driver = spawn(webkitDriverPath(), ['--port=' + port], { env, stdio: 'ignore' });
  const stopAll = () => {
    if (driver.exitCode === null) driver.kill();
    screen.stop();
  };
  process.once('exit', stopAll);
  const url = 'http://127.0.0.1:' + port;
  let session: WebDriverSession;
  try {
    await waitUntilReady(url, 30_000);
    session = await newWebDriverSession(url, {
      acceptInsecureCerts: true,
      'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
    }, 120_000);
    await session.command('POST', '/timeouts', { script: 60_000, pageLoad: 60_000 });
  } catch (error) {
    stopAll();
    throw error;
  }
  const version = 'WebKitGTK ' + String(session.capabilities.browserVersion) + ' (MiniBrowser, ' + webkitDriverPath() + ')';
  const visited = new Set<string>();
  let current: string | undefined = await session.command<string>('GET', '/window');

  /** Makes `handle` the current window; called inside exclusive work. */
  async function focus(handle: string): Promise<void> {
    if (current === handle) return;
    await session.command('POST', '/window', { handle });
    current = handle;
  }

  function tab(handle: string): Tab {
    const on = <T>(work: () => Promise<T>) => session.exclusive(async () => (await focus(handle), work()));
    return {
      goto: (target) => on(async () => {
        visited.add(new URL(target).origin);
        await session.command('POST', '/url', { url: target });
      }),
      reload: () => on(() => session.command('POST', '/refresh')).then(() => undefined),
      evaluate: (fn, ...args) => on(() => execute(session, callSource(fn, args))) as never,
      cookies: () => on(async () => (await session.command<WebDriverCookie[]>('GET', '/cookie')).map(fromWebDriver)),
      close: () => session.exclusive(async () => {
        const handles = await session.command<string[]>('GET', '/window/handles');
        // Closing the last window would end the session: keep a blank one.
        if (handles.length === 1) await session.command('POST', '/window/new', { type: 'tab' });
        await focus(handle);
        await session.command('DELETE', '/window');
        current = undefined;
      }),
    };
  }

  async function clearEverything(): Promise<void> {
    await session.exclusive(async () => {
      const handles = await session.command<string[]>('GET', '/window/handles');
      for (const handle of handles.slice(1)) {
        await focus(handle);
        await session.command('DELETE', '/window');
      }
      current = undefined;
      await focus(handles[0]!);
      for (const origin of visited) {
        // An origin whose server is gone (a test that failed before closing it) has nothing
        // left to clear that a later test could see: its port is not reused while we run.
        await session.command('POST', '/url', { url: origin + '/__clear' })
          .then(() => execute(session, callSource(clearOrigin, [])))
          .then(() => session.command('DELETE', '/cookie'))
          .catch(() => undefined);
      }
      visited.clear();
      await session.command('POST', '/url', { url: 'about:blank' });
    });
  }

  return {
    engine: 'webkit',
    version,
    async newProfile(): Promise<Profile> {
      // Opening a profile ends the previous one, closed or not (a failed test may have left it).
      await clearEverything();
      let first = true;
      return {
        async newTab() {
          // The profile's first tab is the window left by clearEverything().
          if (first) {
            first = false;
            return tab(await session.exclusive(async () => (current ??= await session.command<string>('GET', '/window'))));
          }
          const opened = await session.exclusive(() => session.command<{ handle: string }>('POST', '/window/new', { type: 'tab' }));
          return tab(opened.handle);
        },
        async close() {
          await clearEverything();
        },
      };
    },
    async close() {
      await session.command('DELETE', '').catch(() => undefined);
      stopAll();
    },
  };
}

interface WebDriverCookie { name: string; value: string; domain: string; path: string; secure: boolean; sameSite?: string; expiry?: number }

const fromWebDriver = (c: WebDriverCookie): Cookie => ({
  name: c.name, value: c.value, domain: c.domain, path: c.path, secure: c.secure, sameSite: c.sameSite ?? '', expires: c.expiry ?? -1,
});

/** Runs an expression in the page; a rejection or throw comes back as an error, a value as JSON (undefined and null kept apart, as the other drivers do). */
async function execute(session: WebDriverSession, expression: string): Promise<unknown> {
  const script = `const done = arguments[arguments.length - 1];
    Promise.resolve().then(() => ${expression}).then(
      (value) => done(value === undefined ? { undefined: true } : { value }),
      (error) => done({ error: String((error && error.stack) || error) }));`;
  const result = await session.command<{ value?: unknown; undefined?: true; error?: string }>('POST', '/execute/async', { script, args: [] });
  if (result.error) throw new Error('in the page: ' + result.error);
  return result.undefined ? undefined : result.value;
}

/** Deletes this origin's localStorage, sessionStorage and IndexedDB databases. */
async function clearOrigin(): Promise<void> {
  localStorage.clear();
  sessionStorage.clear();
  const databases = await indexedDB.databases();
  await Promise.all(databases.map((db) => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(db.name!);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  })));
}
