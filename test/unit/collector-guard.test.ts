import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { readAccessFor } from '../../demo/collector/read-guard';
import { dataListBody, postEvents, startTestCollector, trackEvent } from './helpers/collector-server';

// Issue 16, items 2 and 6: no other site can read the collector. A page whose host name was
// rebound to 127.0.0.1 sends its own name in Host; the viewer and API answer only loopback
// names (ingest stays open to every page). The viewer sends a strict CSP.

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
  await postEvents(collector, [trackEvent('guarded', { identities: { $identity_cookie_id: 'guarded', $identity_email: 'jane@example.com' } })]);
});
after(() => collector.stop());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET (or POST) with exactly these headers, Host included (fetch cannot set Host). */
function raw(url: string, headers: Record<string, string>, options: { method?: string; body?: string; localAddress?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.end(options.body);
  });
}

const port = () => new URL(collector.url).port;

test('DNS rebinding: the viewer and every API route refuse a Host that is not a loopback name', async () => {
  for (const path of ['/', '/viewer.js', '/api/users', '/api/events', '/api/users?identity=jane@example.com', '/api/stream', '/api/rejects', '/api/stats']) {
    for (const host of ['rebound.example:' + port(), 'rebound.example', '127.0.0.1.nip.io:' + port(), 'localhost.evil.test:' + port()]) {
      const answer = await raw(collector.url + path, { Host: host });
      assert.equal(answer.status, 403, path + ' with Host ' + host);
      assert.doesNotMatch(answer.body, /jane@example.com|guarded/, 'no collected data in the refusal');
    }
  }
  const refusal = await raw(collector.url + '/api/users', { Host: 'rebound.example' });
  assert.match(JSON.parse(refusal.body).error, /answers its viewer and API only as localhost, 127\.0\.0\.1, \[::1\]/);
});

test('the loopback names still reach the viewer and the API', async () => {
  for (const host of ['127.0.0.1:' + port(), 'localhost:' + port(), 'LOCALHOST:' + port(), '[::1]:' + port(), 'localhost']) {
    const answer = await raw(collector.url + '/api/users?identity=jane@example.com', { Host: host });
    assert.equal(answer.status, 200, host);
    assert.match(answer.body, /jane@example.com/);
  }
});

test('ingest stays open to any Host and any Origin (pages anywhere send events)', async () => {
  for (const path of ['/sa', '/sa.gif']) {
    const event = trackEvent('open-ingest');
    const answer = await raw(collector.url + path, { Host: 'shop.example', Origin: 'https://shop.example', 'Content-Type': 'application/x-www-form-urlencoded' }, { method: 'POST', body: dataListBody([event]) });
    assert.equal(answer.status, 200, path);
    assert.equal(answer.headers['access-control-allow-origin'], 'https://shop.example');
  }
});

test('a cross-origin request to the API (another site, another local port) is refused', async () => {
  for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
    const answer = await raw(collector.url + '/api/stream', { Host: '127.0.0.1:' + port(), Origin: origin });
    assert.equal(answer.status, 403, origin);
  }
  const sameOrigin = await raw(collector.url + '/api/stats', { Host: '127.0.0.1:' + port(), Origin: 'http://127.0.0.1:' + port() });
  assert.equal(sameOrigin.status, 200);
});

test('beyond loopback the read API needs a token (made up when none is given), and only named hosts are answered', async () => {
  // Tests listen on 127.0.0.1 only: the choice an exposed collector gets is checked as data,
  // and its effect on a loopback collector given the same token and host names.
  const exposed = readAccessFor({ host: '0.0.0.0', allowedHosts: ['collector.lan'] });
  assert.ok(exposed.apiToken && exposed.apiToken.length >= 20, 'a token was made up');
  assert.deepEqual(exposed.allowedHosts, ['collector.lan']);
  assert.notEqual(readAccessFor({ host: '0.0.0.0' }).apiToken, exposed.apiToken, 'a fresh token each start');
  assert.deepEqual(readAccessFor({ host: '192.168.1.5' }).allowedHosts, ['192.168.1.5'], 'a specific listen address is a name viewers use');
  assert.equal(readAccessFor({ host: '192.168.1.5', apiToken: 'given' }).apiToken, 'given');
  assert.equal(readAccessFor({}).apiToken, undefined, 'no token on loopback unless given');
  assert.equal(readAccessFor({ host: '127.0.0.1' }).apiToken, undefined);

  const guarded = await startTestCollector({ apiToken: exposed.apiToken!, allowedHosts: ['collector.lan'] });
  try {
    const url = guarded.url;
    await postEvents(guarded, [trackEvent('lan-user')]);
    assert.equal((await raw(url + '/api/events', { Host: 'collector.lan' })).status, 401, 'no token');
    assert.equal((await raw(url + '/api/events', { Host: '127.0.0.1' })).status, 401, 'no token, even on loopback');
    assert.equal((await raw(url + '/api/events', { Host: 'collector.lan', Authorization: 'Bearer wrong' })).status, 401, 'a wrong token');
    const withHeader = await raw(url + '/api/events', { Host: 'collector.lan', Authorization: 'Bearer ' + exposed.apiToken });
    assert.equal(withHeader.status, 200);
    assert.match(withHeader.body, /lan-user/);
    assert.equal((await raw(url + '/api/stats?token=' + encodeURIComponent(exposed.apiToken!), { Host: 'collector.lan' })).status, 200, 'the token in the query (EventSource)');
    assert.equal((await raw(url + '/api/events', { Host: 'rebound.example', Authorization: 'Bearer ' + exposed.apiToken })).status, 403, 'an unnamed host');
    assert.equal((await raw(url + '/', { Host: 'collector.lan' })).status, 200, 'the viewer page itself holds no data');
  } finally {
    await guarded.stop();
  }
});

test('the viewer sends a strict Content-Security-Policy, nosniff and no framing; the API too', async () => {
  for (const path of ['/', '/viewer.js', '/viewer.css']) {
    const answer = await raw(collector.url + path, { Host: '127.0.0.1:' + port() });
    assert.equal(answer.status, 200, path);
    const csp = String(answer.headers['content-security-policy']);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      assert.ok(csp.includes(directive), path + ': ' + directive + ' in ' + csp);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['x-frame-options'], 'DENY');
  }
  const api = await raw(collector.url + '/api/events', { Host: '127.0.0.1:' + port() });
  assert.equal(api.headers['x-content-type-options'], 'nosniff');
  assert.match(String(api.headers['content-security-policy']), /frame-ancestors 'none'/);
});
