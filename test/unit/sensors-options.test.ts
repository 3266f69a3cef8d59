import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Report } from '../../src/lib/report';
import { toFacadeSettings } from '../../src/sensors/options';

const reports: string[] = [];
const report: Report = (code, message) => void reports.push(code + ': ' + message);
const map = (para: Record<string, unknown>) => toFacadeSettings(para as never, report);

test('server_url ending in /sa goes to /sa.gif (query kept), as the Sensors SDK sends it; custom_server_url replaces it as is', () => {
  assert.equal(map({ server_url: 'https://sa.example.com/sa' }).options.serverUrl, 'https://sa.example.com/sa.gif');
  assert.equal(map({ server_url: 'https://sa.example.com/sa?project=shop' }).options.serverUrl, 'https://sa.example.com/sa.gif?project=shop');
  assert.equal(map({ server_url: 'https://sa.example.com/sa.gif?project=shop' }).options.serverUrl, 'https://sa.example.com/sa.gif?project=shop');
  assert.equal(map({ server_url: 'https://collect.example.com/events' }).options.serverUrl, 'https://collect.example.com/events');
  assert.equal(map({ server_url: 'https://a.example.com/sa', custom_server_url: 'https://b.example.com/sa' }).options.serverUrl, 'https://b.example.com/sa');
});

test('several server_urls: the first one, reported', () => {
  reports.length = 0;
  assert.equal(map({ server_url: ['https://a.example.com/sa', 'https://b.example.com/sa'] }).options.serverUrl, 'https://a.example.com/sa.gif');
  assert.match(reports[0]!, /^invalid_option: init: server_url lists several servers/);
});

test("send_type, batch_send, show_log, debug_mode, cross_subdomain and max_string_length map onto tracklet's options", () => {
  assert.equal(map({ server_url: '/sa', send_type: 'image' }).options.sendType, 'image');
  assert.equal(map({ server_url: '/sa', send_type: 'ajax' }).options.sendType, 'ajax');
  assert.equal(map({ server_url: '/sa', send_type: 'beacon' }).options.sendType, 'beacon');
  assert.equal(map({ server_url: '/sa' }).options.sendType, undefined, "no send_type: tracklet's default");
  assert.equal(map({ server_url: '/sa', batch_send: false }).options.batchSend, false);
  assert.equal(map({ server_url: '/sa', batch_send: { send_interval: 3000 } }).options.flushInterval, 3000);
  assert.equal(map({ server_url: '/sa' }).options.batchSend, undefined);
  assert.equal(map({ server_url: '/sa', show_log: true }).options.debugMode, 2);
  assert.equal(map({ server_url: '/sa', debug_mode: true }).options.debugMode, 1, 'Sensors debug mode without upload: checked, not stored');
  assert.equal(map({ server_url: '/sa', debug_mode: true, debug_mode_upload: true }).options.debugMode, 2);
  assert.equal(map({ server_url: '/sa', cross_subdomain: false }).options.cookieDomain, '', 'a host-only cookie');
  assert.equal(map({ server_url: '/sa' }).options.cookieDomain, undefined, 'the registrable domain (default)');
  assert.equal(map({ server_url: '/sa' }).options.maxStringLength, 1024, "Sensors' default");
  assert.equal(map({ server_url: '/sa', max_string_length: 300 }).options.maxStringLength, 300);
});

test('autotrack rules: no page leave; clicks only with heatmap.clickmap; is_track_single_page; callback_timeout', () => {
  const plain = map({ server_url: '/sa' });
  assert.deepEqual(plain.options.autotrack, { pageview: 'hash', pageLeave: false, click: false });
  assert.equal(plain.clicks, false);
  assert.equal(plain.singlePage, false);
  assert.equal(plain.callbackTimeout, 200);
  assert.equal(map({ server_url: '/sa', heatmap: {} }).clicks, true, "heatmap: {} is Sensors' clickmap 'default'");
  assert.equal(map({ server_url: '/sa', heatmap: { clickmap: 'not_collect' } }).clicks, false);
  assert.equal(map({ server_url: '/sa', is_track_single_page: true }).singlePage, true);
  assert.equal(map({ server_url: '/sa', callback_timeout: 1000 }).callbackTimeout, 1000);
});

test('source_channel is reported as unsupported; a missing server_url is left for init() to refuse', () => {
  reports.length = 0;
  map({ server_url: '/sa', source_channel: ['keyword'] });
  assert.match(reports[0]!, /source_channel is not supported/);
  assert.equal(map({}).options.serverUrl, undefined);
});
