import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LiveFeed {
  /** Turns a request into a server-sent-events stream; refuses (503) above `maxClients` or `maxPerClient`. */
  attach(req: IncomingMessage, res: ServerResponse): void;
  /** Sends `data` as an event named `kind` to every open stream. */
  publish(kind: string, data: unknown): void;
  /** Number of open streams. */
  size(): number;
  /** Ends every stream (on shutdown). */
  close(): void;
}

export interface LiveFeedOptions {
  maxClients?: number;
  /** Streams one client address may hold, so that one client cannot take every slot. */
  maxPerClient?: number;
  /** A comment line this often keeps proxies and the browser from closing an idle stream. */
  heartbeatMs?: number;
}

/** A viewer that stops reading is dropped once this much is waiting for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * The viewer's live stream (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * Memory is bounded: a fixed number of clients (and of streams per client address), and a
 * client that falls 1 MB behind is dropped; its EventSource reconnects and reloads the list.
 *
 * @example const feed = createLiveFeed(); feed.publish('events', [summary]);
 */
export function createLiveFeed(options: LiveFeedOptions = {}): LiveFeed {
  const maxClients = options.maxClients ?? 32;
  const maxPerClient = options.maxPerClient ?? 8;
  const clients = new Set<ServerResponse>();
  const perAddress = new Map<string, number>();
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function write(text: string): void {
    for (const res of clients) {
      if (res.writableLength > MAX_BUFFERED_BYTES) drop(res);
      else res.write(text);
    }
  }

  function drop(res: ServerResponse): void {
    clients.delete(res);
    res.destroy();
  }

  return {
    attach(req, res) {
      const address = req.socket.remoteAddress ?? '';
      const held = perAddress.get(address) ?? 0;
      if (clients.size >= maxClients || held >= maxPerClient) {
        const why = held >= maxPerClient ? 'this client already holds ' + held + ' live streams' : 'too many viewers';
        res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '5', 'Cache-Control': 'no-store' }).end(why);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
      res.write('retry: 2000\n\n');
      clients.add(res);
      perAddress.set(address, held + 1);
      req.on('close', () => {
        clients.delete(res);
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      });
    },
    publish(kind, data) {
      if (clients.size) write('event: ' + kind + '\ndata: ' + JSON.stringify(data) + '\n\n');
    },
    size: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
