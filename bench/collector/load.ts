import { Agent, request } from 'node:http';

export interface LoadResult {
  /** Requests answered (any status). */
  answered: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Requests that failed without an answer. */
  errors: number;
  /** Whether the time cap stopped the run before every body was sent. */
  capped: boolean;
  elapsedMs: number;
  /** Answer times in ms, ascending. */
  latenciesMs: number[];
}

/**
 * Sends each body once as a POST to `url` with at most `concurrency` requests in flight over
 * kept-alive connections, and stops starting new ones after `timeCapMs`. Bounded both ways:
 * a fixed number of requests, and a fixed time.
 *
 * @example const result = await runLoad({ url, bodies, concurrency: 8, timeCapMs: 60_000 });
 */
export async function runLoad(options: { url: string; bodies: Buffer[]; concurrency: number; timeCapMs: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const result: LoadResult = { answered: 0, statuses: {}, errors: 0, capped: false, elapsedMs: 0, latenciesMs: [] };
  const started = performance.now();
  let next = 0;

  async function worker(): Promise<void> {
    while (next < options.bodies.length) {
      if (performance.now() - started > options.timeCapMs) {
        result.capped = true;
        return;
      }
      const body = options.bodies[next++]!;
      const sent = performance.now();
      const status = await post(options.url, body, agent);
      result.latenciesMs.push(performance.now() - sent);
      if (status === 0) result.errors++;
      else {
        result.answered++;
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.elapsedMs = performance.now() - started;
  result.latenciesMs.sort((a, b) => a - b);
  agent.destroy();
  return result;
}

function post(url: string, body: Buffer, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(30_000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * The value below which `fraction` of the sorted samples fall (nearest rank).
 *
 * @example percentile([1, 2, 3, 4], 0.5) // 2
 */
export function percentile(sorted: number[], fraction: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
