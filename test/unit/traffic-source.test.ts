import assert from 'node:assert/strict';
import { test } from 'node:test';
import { landingTouch } from '../../src/autotrack/attribution';
import { campaignOf, trafficSource } from '../../src/autotrack/traffic-source';
import { formatDate } from '../../src/events/format-date';

const type = (referrer: string, search = '') => trafficSource(referrer, search).type;

test('no referrer is direct', () => {
  assert.deepEqual(trafficSource('', ''), { type: 'direct', host: '', keyword: '' });
  assert.equal(type('not a url'), 'direct');
});

test('major search engines, international and Chinese, on any national domain', () => {
  for (const referrer of [
    'https://www.google.com/', 'https://www.google.co.jp/', 'https://www.google.com.hk/search?q=x', 'https://cn.bing.com/search?q=x',
    'https://www.baidu.com/s?wd=x', 'https://m.baidu.com/s?word=x', 'https://www.sogou.com/web?query=x', 'https://www.so.com/s?q=x',
    'https://m.sm.cn/s?q=x', 'https://yandex.ru/search/?text=x', 'https://duckduckgo.com/', 'https://search.yahoo.co.jp/search?p=x',
    'https://search.naver.com/search.naver?query=x',
  ]) assert.equal(type(referrer), 'search engine', referrer);
});

test('the search keyword is read from the key each engine uses', () => {
  const keyword = (referrer: string) => trafficSource(referrer, '').keyword;
  assert.equal(keyword('https://www.baidu.com/s?ie=utf-8&wd=%E5%9F%8B%E7%82%B9'), '埋点');
  assert.equal(keyword('https://m.baidu.com/s?word=tracklet'), 'tracklet');
  assert.equal(keyword('https://www.sogou.com/web?query=analytics&p=40040100'), 'analytics', 'query before Sogou\'s p');
  assert.equal(keyword('https://www.so.com/s?q=sdk'), 'sdk');
  assert.equal(keyword('https://yandex.ru/search/?text=sdk&p=2'), 'sdk', 'text before Yandex\'s page number p');
  assert.equal(keyword('https://search.yahoo.com/search?p=sdk'), 'sdk');
  assert.equal(keyword('https://search.naver.com/search.naver?query=sdk'), 'sdk');
  assert.equal(keyword('https://www.google.com/'), '', 'Google sends no query');
  assert.equal(keyword('https://example.com/?q=not-a-search'), '', 'only search engines have keywords');
});

test('major social networks, international and Chinese', () => {
  for (const referrer of [
    'https://mp.weixin.qq.com/s/abc', 'https://weibo.com/u/1', 'https://t.cn/abc', 'https://www.douyin.com/', 'https://www.zhihu.com/question/1',
    'https://zhuanlan.zhihu.com/p/1', 'https://www.xiaohongshu.com/explore', 'https://tieba.baidu.com/p/1', 'https://www.bilibili.com/',
    'https://l.facebook.com/l.php', 'https://m.facebook.com/', 'https://t.co/abc', 'https://x.com/', 'https://twitter.com/', 'https://www.linkedin.com/',
    'https://www.instagram.com/', 'https://www.reddit.com/r/x', 'https://www.youtube.com/', 'https://www.tiktok.com/',
  ]) assert.equal(type(referrer), 'social network', referrer);
});

test('other sites are referrals, also when a network name is only part of the name', () => {
  for (const referrer of ['https://news.ycombinator.com/', 'https://example.com/', 'https://mygoogle.example.com/', 'https://googleblog.com/', 'https://notx.com/', 'https://google.example.org/'])
    assert.equal(type(referrer), 'referral', referrer);
});

test('campaign parameters or an ad click ID make any visit paid', () => {
  assert.equal(type('', '?utm_source=newsletter'), 'paid');
  assert.equal(type('https://www.google.com/', '?gclid=abc'), 'paid');
  assert.equal(type('https://www.bing.com/', '?a=1&msclkid=abc'), 'paid');
  assert.equal(type('', '?utm_source='), 'direct', 'an empty parameter is no campaign');
  assert.equal(type('', '?notutm_source=x'), 'direct');
});

test('campaignOf reads the five UTM parameters and leaves empty ones out', () => {
  assert.deepEqual(campaignOf('?utm_source=google&utm_medium=cpc&utm_campaign=spring%20sale&utm_content=ad1&utm_term=sdk&utm_id=9&x=1'), {
    $utm_source: 'google', $utm_medium: 'cpc', $utm_campaign: 'spring sale', $utm_content: 'ad1', $utm_term: 'sdk',
  });
  assert.deepEqual(campaignOf('?utm_source=&utm_medium=email'), { $utm_medium: 'email' });
  assert.deepEqual(campaignOf(''), {});
});

test('a landing gives latest- and first-touch properties; an internal referrer keeps the latest touch', () => {
  const page = { hostname: 'shop.example.com', search: '?utm_source=baidu&utm_term=sdk' };
  const touch = landingTouch('https://www.baidu.com/s?wd=sdk', page, 'example.com', 0);
  assert.deepEqual(touch.latest, {
    $latest_traffic_source_type: 'paid', $latest_referrer: 'https://www.baidu.com/s?wd=sdk', $latest_referrer_host: 'www.baidu.com',
    $latest_search_keyword: 'sdk', $latest_utm_source: 'baidu', $latest_utm_term: 'sdk',
  });
  assert.equal(touch.first.$first_traffic_source_type, 'paid');
  assert.equal(touch.first.$first_utm_source, 'baidu');
  assert.equal(touch.first.$first_visit_time, formatDate(new Date(0)), 'the documented yyyy-MM-dd HH:mm:ss.SSS local time, not ISO');
  assert.match(String(touch.first.$first_visit_time), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
  assert.deepEqual(landingTouch('', { hostname: 'a.test', search: '' }, '', 0).latest, { $latest_traffic_source_type: 'direct', $latest_referrer: '', $latest_referrer_host: '' });
  for (const referrer of ['https://shop.example.com/cart', 'https://www.example.com/', 'https://example.com/']) {
    assert.equal(landingTouch(referrer, { hostname: 'shop.example.com', search: '?utm_source=x' }, 'example.com', 0).latest, undefined, referrer);
  }
  assert.ok(landingTouch('https://notexample.com/', page, 'example.com', 0).latest, 'a look-alike domain is external');
  assert.equal(landingTouch('http://127.0.0.1:8080/a', { hostname: '127.0.0.1', search: '' }, '', 0).latest, undefined, 'same host without a registrable domain');
});
