import type { ExpectMatcherState, MatcherReturnType } from '@playwright/test';
import type { Payload } from '../types';
import { describe, identityOf, matching, nearest, partialMatch, show } from './match';
import type { Analytics } from './types';

/** The identity `toHaveIdentity` checks; `loginId: null` means "not logged in". */
export interface ExpectedIdentity {
  loginId?: string | null;
  anonymousId?: string;
  distinctId?: string;
  /** Checked partially: the given keys must be there with these values. */
  identities?: Record<string, string>;
}

/** Options of `toHaveTracked`. */
export interface TrackedOptions {
  /** Exactly this many matching events (the count form). */
  times?: number;
  /** How long to wait, in ms (default: the `expect` timeout, 5 s unless configured). */
  timeout?: number;
}

/**
 * Polls `check` until it gives `wanted`, like Playwright's web-first assertions: at once, then
 * every 100 ms until `timeout` ms have passed. Returns the last result.
 */
async function poll(check: () => boolean, wanted: boolean, timeout: number): Promise<{ pass: boolean; timedOut: boolean }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const pass = check();
    if (pass === wanted) return { pass, timedOut: false };
    if (Date.now() >= deadline) return { pass, timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(0, deadline - Date.now()))));
  }
}

function assertAnalytics(received: unknown, matcher: string): asserts received is Analytics {
  if (!Array.isArray((received as Analytics | null)?.events)) throw new Error(matcher + '() expects the `analytics` fixture, got ' + typeof received);
}

const plural = (count: number, word: string) => count + ' ' + word + (count === 1 ? '' : 's');

/**
 * `await expect(analytics).toHaveTracked(event, properties?, { times?, timeout? })`: an event of
 * this name whose properties include `properties` (partial match) has arrived; with `times`,
 * exactly that many. Waits up to the expect timeout. With `.not`, passes as soon as none has
 * arrived: call `analytics.flush(page)` first so that everything queued has.
 *
 * @example await expect(analytics).toHaveTracked('buy', { price: 5 });
 */
export async function toHaveTracked(this: ExpectMatcherState, received: Analytics, event: string, properties: Record<string, unknown> = {}, options: TrackedOptions = {}): Promise<MatcherReturnType> {
  assertAnalytics(received, 'toHaveTracked');
  const timeout = options.timeout ?? this.timeout;
  const count = () => matching(received.events, event, properties).length;
  const holds = () => (options.times === undefined ? count() > 0 : count() === options.times);
  const { pass, timedOut } = await poll(holds, !this.isNot, timeout);
  const found = count();
  const expected = show(event) + (Object.keys(properties).length ? ' with properties ' + show(properties) : '') + (options.times === undefined ? '' : ', ' + plural(options.times, 'time'));
  const message = () => {
    const hint = this.utils.matcherHint('toHaveTracked', 'analytics', 'event, properties', { isNot: this.isNot, promise: this.promise });
    const total = received.events.length;
    const lines = [hint, '', (this.isNot ? 'Expected: not ' : 'Expected: ') + expected];
    if (this.isNot || found) {
      const hits = received.events.map((e, i) => ({ e, i })).filter(({ e }) => matching([e], event, properties).length);
      lines.push('Received: ' + plural(found, 'matching event') + ' among ' + total + ':', ...hits.slice(-5).map(({ e, i }) => '  ' + describe(e, i)));
    } else {
      lines.push('Received: ' + (total ? plural(total, 'event') + ', none matching; the nearest:' : 'no events at all (is the page sending to the collector the fixture intercepts?)'), ...nearest(received.events, event, properties).map((line) => '  ' + line));
    }
    const failed = received.requests.filter((r) => r.status !== 200).length;
    if (failed) lines.push('(' + plural(failed, 'request') + ' answered with a fault or undecodable: see analytics.requests)');
    if (timedOut) lines.push('', 'Timeout: ' + timeout + 'ms');
    return lines.join('\n');
  };
  return { pass, message, name: 'toHaveTracked', expected, actual: found };
}

/**
 * `await expect(analytics).toHaveIdentity({ loginId?, anonymousId?, distinctId?, identities? })`:
 * the latest payload (by `time`; an unbind payload carries only its pair and is skipped) has this
 * identity; `identities` is matched partially, `loginId: null` means logged out. Waits up to
 * the expect timeout.
 *
 * @example await expect(analytics).toHaveIdentity({ loginId: 'user_42', identities: { $identity_login_id: 'user_42' } });
 */
export async function toHaveIdentity(this: ExpectMatcherState, received: Analytics, expected: ExpectedIdentity, options: { timeout?: number } = {}): Promise<MatcherReturnType> {
  assertAnalytics(received, 'toHaveIdentity');
  const timeout = options.timeout ?? this.timeout;
  const latest = () => latestPayload(received.payloads);
  const holds = () => {
    const payload = latest();
    return !!payload && partialMatch(identityOf(payload), expected);
  };
  const { pass, timedOut } = await poll(holds, !this.isNot, timeout);
  const message = () => {
    const hint = this.utils.matcherHint('toHaveIdentity', 'analytics', 'identity', { isNot: this.isNot, promise: this.promise });
    const payload = latest();
    const history = identityHistory(received.payloads);
    const lines = [hint, '', (this.isNot ? 'Expected: not ' : 'Expected: ') + show(expected), 'Received: ' + (payload ? show(identityOf(payload), 400) + ' (latest payload: ' + show(payload.event ?? payload.type) + ')' : 'no payloads at all')];
    if (history.length > 1) lines.push('Identities seen, in order:', ...history.slice(-5).map((line) => '  ' + line));
    if (timedOut) lines.push('', 'Timeout: ' + timeout + 'ms');
    return lines.join('\n');
  };
  return { pass, message, name: 'toHaveIdentity', expected, actual: latest() && identityOf(latest()!) };
}

function latestPayload(payloads: readonly Payload[]): Payload | undefined {
  let latest: Payload | undefined;
  for (const payload of payloads) if (payload.type !== 'track_id_unbind' && (!latest || payload.time >= latest.time)) latest = payload;
  return latest;
}

/** Each change of identity across the payloads, in arrival order, with the payload that showed it. */
function identityHistory(payloads: readonly Payload[]): string[] {
  const lines: string[] = [];
  let previous = '';
  for (const payload of payloads) {
    if (payload.type === 'track_id_unbind') continue;
    const identity = show(identityOf(payload), 400);
    if (identity !== previous) lines.push(identity + ' from ' + show(payload.event ?? payload.type));
    previous = identity;
  }
  return lines;
}
