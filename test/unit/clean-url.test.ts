import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUrlCleaner, stripSecrets } from '../../src/events/clean-url';
import { cutStrings } from '../../src/events/cut-strings';
import { createSafeRead } from '../../src/lib/safe-read';
import { recorder } from './helpers';

test('stripSecrets removes the secret-bearing parameters of the query, keeps the rest as written', () => {
  assert.equal(stripSecrets('https://a.test/cb?code=abc&next=%2Fhome'), 'https://a.test/cb?next=%2Fhome');
  assert.equal(stripSecrets('https://a.test/?session_token=1&reset_token=2&page=3'), 'https://a.test/?page=3');
  assert.equal(stripSecrets('https://a.test/?Access_Token=1'), 'https://a.test/', 'names are matched case-insensitively; an emptied query goes');
  assert.equal(stripSecrets('https://a.test/?magic_token=1&api_key=2&apikey=3&password=4&X-Amz-Signature=5&sig=6&q=shoes'), 'https://a.test/?q=shoes');
  assert.equal(stripSecrets('https://a.test/?%63ode=1&a=1'), 'https://a.test/?a=1', 'an escaped name is decoded before matching');
});

test('stripSecrets cleans a key=value fragment (OAuth implicit flow) and a hash route\'s query', () => {
  assert.equal(stripSecrets('https://a.test/cb#access_token=xyz&token_type=bearer&expires_in=3600'), 'https://a.test/cb#token_type=bearer&expires_in=3600');
  assert.equal(stripSecrets('https://a.test/cb#id_token=xyz'), 'https://a.test/cb');
  assert.equal(stripSecrets('https://a.test/#/reset?token=xyz'), 'https://a.test/#/reset');
  assert.equal(stripSecrets('https://a.test/#/search?q=1&code=2'), 'https://a.test/#/search?q=1');
});

test('stripSecrets leaves ordinary URLs exactly as they are', () => {
  for (const url of ['https://a.test/', 'https://a.test/a?', 'https://a.test/a?q=shoes&page=2#top', 'https://a.test/#/products', 'https://a.test/?zipcode=1&token_type=x&sort_key=a', '']) {
    assert.equal(stripSecrets(url), url);
  }
});

test('the sanitizeUrl hook gets the stripped URL and the original, and its answer is sent; a failing hook is reported', () => {
  const reports: string[] = [];
  const report = (code: string) => void reports.push(code);
  const clean = createUrlCleaner((url, original) => (original.includes('/invite/') ? url.replace(/\/invite\/[^/?#]+/, '/invite/:code') : url), report);
  assert.equal(clean('https://a.test/invite/s3cret?code=1&x=2'), 'https://a.test/invite/:code?x=2');
  assert.equal(createUrlCleaner(() => '', report)('https://a.test/'), '', "'' sends no URL");
  assert.equal(createUrlCleaner(() => { throw new Error('boom'); }, report)('https://a.test/?code=1'), 'https://a.test/');
  assert.equal(createUrlCleaner(() => 5 as unknown as string, report)('https://a.test/?code=1'), 'https://a.test/');
  assert.deepEqual(reports, ['internal_error', 'invalid_option']);
});

test('stripSecrets knows each spelling of the list: passwd and passwd-like, session and sessionid', () => {
  assert.equal(stripSecrets('https://a.test/?passwd=1&passWord=2&pwd=3&session=4&sessionid=5&SID=6&signature=7&q=8'), 'https://a.test/?q=8');
});

test('stripSecrets reads a parameter name as a form does: "+" is a space, so "api+key" is not "apikey"', () => {
  assert.equal(stripSecrets('https://a.test/?api+key=1&session+id=2'), 'https://a.test/?api+key=1&session+id=2');
  assert.equal(stripSecrets('https://a.test/?api%5Fkey=1&q=2'), 'https://a.test/?q=2', 'an escaped "_" is decoded');
});

test('stripSecrets cleans relative URLs: a query alone, or a fragment alone', () => {
  assert.equal(stripSecrets('?code=1&next=2'), '?next=2');
  assert.equal(stripSecrets('#access_token=x&state=y'), '#state=y');
  assert.equal(stripSecrets('#id_token=x'), '');
});

test('stripSecrets leaves alone what is not a parameter: a path with "&name=", an anchor named like a secret', () => {
  for (const url of ['https://a.test/p&code=1', 'https://a.test/docs#token', 'https://a.test/#/reset?token', 'https://a.test/#x=1?', 'https://a.test/#a=1#', '#code']) {
    assert.equal(stripSecrets(url), url);
  }
});

test('without a hook nothing is reported; the hook is not asked about an empty URL (no referrer)', () => {
  const report = recorder();
  assert.equal(createUrlCleaner(undefined, report)('https://a.test/?code=1&a=2'), 'https://a.test/?a=2');
  const asked: string[] = [];
  const clean = createUrlCleaner((url) => (asked.push(url), new URL(url).origin), report);
  assert.equal(clean(''), '');
  assert.equal(clean('https://a.test/x'), 'https://a.test');
  assert.deepEqual(asked, ['https://a.test/x']);
  assert.deepEqual(report.calls, []);
});

test('a failing hook is reported with its reason', () => {
  const report = recorder();
  createUrlCleaner(() => { throw new Error('boom'); }, report)('https://a.test/');
  createUrlCleaner(() => undefined as unknown as string, report)('https://a.test/');
  assert.deepEqual(report.calls.map((c) => c.code + ': ' + c.message), ['internal_error: sanitizeUrl threw Error: boom', 'invalid_option: sanitizeUrl returned no string']);
});

test('cutStrings leaves values that are not strings alone, and a string of exactly the limit whole', () => {
  const list = ['a', 'b', 'c', 'd'];
  const props = cutStrings({ none: null, nothing: undefined, list, n: 12345, flag: true, exact: 'abc' }, 3);
  assert.deepEqual(props, { none: null, nothing: undefined, list: ['a', 'b', 'c', 'd'], n: 12345, flag: true, exact: 'abc' });
  assert.equal(props.list, list);
});

test('cutStrings cuts every string value to the limit, never splitting a surrogate pair', () => {
  const props = cutStrings({ $url: 'https://a.test/#' + 'x'.repeat(1_400_000), $utm_source: 'ab😀', n: 5, ok: 'short' }, 3);
  assert.deepEqual(props, { $url: 'htt', $utm_source: 'ab', n: 5, ok: 'sho' });
});

test('createSafeRead returns the fallback for a throwing read, and reports each fact once', () => {
  const reports: string[] = [];
  const read = createSafeRead((code, message) => void reports.push(code + ': ' + message));
  const hostile = () => { throw new Error('denied'); };
  assert.equal(read('document.title', hostile, ''), '');
  assert.equal(read('document.title', hostile, ''), '');
  assert.equal(read('screen.width', hostile, 0), 0);
  assert.equal(read('document.title', () => 'ok', ''), 'ok');
  assert.deepEqual(reports, [
    'page_read_failed: reading document.title failed: Error: denied',
    'page_read_failed: reading screen.width failed: Error: denied',
  ]);
});
