import { gzipSync } from 'node:zlib';

/**
 * Request bodies for the benchmark, encoded before the clock starts so the load generator
 * spends its CPU on sending: `count` bodies of `batchSize` seed-shaped `track` events, each
 * batch from one of `browsers` anonymous browsers (a browser's batch is what the SDK sends).
 * Every event has its own `_track_id`, so nothing is a duplicate.
 *
 * @example const bodies = makeBodies({ count: 2000, batchSize: 50, browsers: 1000, gzip: false });
 */
export function makeBodies(options: { count: number; batchSize: number; browsers: number; gzip: boolean }): Buffer[] {
  const bodies: Buffer[] = [];
  let trackId = 1;
  for (let i = 0; i < options.count; i++) {
    const cookie = 'bench-browser-' + (i % options.browsers);
    const events = Array.from({ length: options.batchSize }, (_, n) => ({
      identities: { $identity_cookie_id: cookie, $identity_anonymous_id: cookie },
      distinct_id: cookie,
      lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0.1.0' },
      properties: {
        $timezone_offset: -480,
        $screen_height: 900,
        $screen_width: 1440,
        $viewport_height: 780,
        $viewport_width: 1440,
        $lib: 'js',
        $lib_version: '0.1.0',
        $url: 'https://shop.example.com/products/' + (n % 40),
        $title: 'Product ' + (n % 40),
        $referrer: '',
        $latest_referrer: '',
        $is_first_day: false,
        product: 'sku-' + ((i * 31 + n) % 500),
        price: (n % 17) + 0.99,
      },
      anonymous_id: cookie,
      type: 'track',
      event: n % 5 === 0 ? '$pageview' : 'addToCart',
      time: 1711621218552 + i * 1000 + n,
      _track_id: trackId++,
      _flush_time: 1711621218552 + i * 1000 + options.batchSize,
    }));
    const json = Buffer.from(JSON.stringify(events));
    const dataList = (options.gzip ? gzipSync(json) : json).toString('base64');
    bodies.push(Buffer.from(new URLSearchParams({ data_list: dataList, gzip: options.gzip ? '1' : '0' }).toString()));
  }
  return bodies;
}
