/**
 * The few commands of classic W3C WebDriver (https://www.w3.org/TR/webdriver2/) the suite
 * needs, over fetch. Commands are sent one at a time: a session has one current window, and
 * a tab's command must not run while another tab is current.
 */
export interface WebDriverSession {
  id: string;
  capabilities: Record<string, unknown>;
  /** Sends one command (`path` after `/session/<id>`); resolves to its `value`. */
  command<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Runs `work` with no other command in between (e.g. switch to a window, then act on it). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

async function send<T>(url: string, method: string, body: unknown, timeoutMs: number): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(body ?? {}) : null,
    signal: AbortSignal.timeout(timeoutMs),
  }).catch((error: Error) => {
    throw new Error(method + ' ' + url + ': ' + (error.name === 'TimeoutError' ? 'no answer after ' + timeoutMs + ' ms' : error.message));
  });
  const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok || (answer.value && typeof answer.value === 'object' && 'error' in answer.value && answer.value.error)) {
    throw new Error(method + ' ' + url + ': ' + answer.value.error + ': ' + answer.value.message);
  }
  return answer.value;
}

/**
 * Opens a session on the driver at `driverUrl`. Without a deadline a session request can hang
 * for good (WebKitGTK's MiniBrowser without a display never answers); `timeoutMs` bounds it.
 *
 * @example const session = await newWebDriverSession('http://127.0.0.1:4444', { browserName: 'MiniBrowser' }, 90_000);
 */
export async function newWebDriverSession(driverUrl: string, capabilities: Record<string, unknown>, timeoutMs: number, commandTimeoutMs = 120_000): Promise<WebDriverSession> {
  const created = await send<{ sessionId: string; capabilities: Record<string, unknown> }>(
    driverUrl + '/session', 'POST', { capabilities: { alwaysMatch: capabilities } }, timeoutMs);
  const base = driverUrl + '/session/' + created.sessionId;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    id: created.sessionId,
    capabilities: created.capabilities,
    command: (method, path, body) => send(base + path, method, body, commandTimeoutMs),
    exclusive<T>(work: () => Promise<T>): Promise<T> {
      // Not re-entrant: `work` sends its commands with command(), never through exclusive().
      const run = queue.then(work);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
