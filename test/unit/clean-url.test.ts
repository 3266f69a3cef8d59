import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUrlCleaner, stripSecrets } from '../../src/events/clean-url';
import { cutStrings } from '../../src/events/cut-strings';
import { createSafeRead } from '../../src/lib/safe-read';

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
