import type { TestServer } from './test-server';

type Event = Record<string, unknown> & { properties: Record<string, unknown> };

/** The events the collector received from one browser (one distinct ID), in arrival order. */
export function eventsOf(server: TestServer, distinctId: string, name?: string): Event[] {
  return (server.events() as Event[]).filter((e) => e.distinct_id === distinctId && (name === undefined || e.event === name));
}

/** Polls `read` until it returns a truthy value; rejects after `timeoutMs` naming `label`. */
export async function waitFor<T>(read: () => T | undefined | null | false, label: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + label);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves after `ms`: for asserting that nothing more arrives. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
