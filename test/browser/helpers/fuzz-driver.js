// In-page driver of test/browser/fuzz.test.ts: plain JavaScript (not compiled) so it runs as
// written in the page. runFuzz(seed, count) makes `count` random calls to random public methods
// of window.tracklet with hostile arguments, drawn from a seeded PRNG so a failure reproduces.
/* eslint-disable */
(function () {
  // mulberry32: tiny, fast, good enough to spread choices; the seed fixes the whole sequence.
  function prng(seed) {
    var s = seed >>> 0;
    return function () {
      s = (s + 0x6d2b79f5) | 0;
      var t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  var huge = 'x'.repeat(1 << 20);
  var circular = { a: 1 };
  circular.self = circular;
  var circularList = ['a'];
  circularList.push(circularList);
  var revoked = Proxy.revocable({}, {});
  revoked.revoke();
  var trapAll = new Proxy({}, {
    get: function () { throw new Error('proxy get'); },
    ownKeys: function () { throw new Error('proxy ownKeys'); },
    getPrototypeOf: function () { throw new Error('proxy getPrototypeOf'); },
    has: function () { throw new Error('proxy has'); },
    getOwnPropertyDescriptor: function () { throw new Error('proxy descriptor'); },
  });
  var trapList = new Proxy(['a', 'b'], { get: function (t, k) { if (k === 'length') return 1e9; throw new Error('list get'); } });
  var throwingGetter = Object.defineProperty({ ok: 1 }, 'bad', { enumerable: true, get: function () { throw new Error('getter'); } });
  var throwingToString = { toString: function () { throw new Error('toString'); }, valueOf: function () { throw new Error('valueOf'); }, toJSON: function () { throw new Error('toJSON'); } };
  var weirdThrow = { get k() { throw throwingToString; } };
  var manyKeys = {};
  for (var i = 0; i < 300; i++) manyKeys['k' + i] = i;
  var longList = [];
  for (var j = 0; j < 10000; j++) longList.push('item' + j);

  var fixed = [
    undefined, null, NaN, Infinity, -Infinity, 0, -0, -1, 42, 1e308, 2 ** 53 + 2, true, false,
    '', ' ', 'buy', 'a b', '$pageview', '$SignUp', '$url', '__proto__', 'constructor', 'prototype', 'time',
    'toString', 'hasOwnProperty', '\ud800', 'é', '😀'.repeat(200), huge, 'x'.repeat(300), '<img src=x onerror=alert(1)>',
    Symbol('s'), BigInt(9007199254740993), circular, circularList, revoked.proxy, trapAll, trapList, throwingGetter,
    throwingToString, weirdThrow, manyKeys, longList, Object.create(null), Object.freeze({ frozen: 'yes' }),
    new Date(NaN), new Date(0), /re/g, new Map([[1, 2]]), new Set([1]), new Error('e'), new Uint8Array(4),
    new Promise(function () {}), window, document, document.body || document.documentElement, location,
    JSON.parse('{"__proto__": {"polluted": 1}, "ok": 1}'),
    { constructor: { prototype: { polluted: 1 } } },
    [1, 'a', null], ['a', 'b'], { $url: '/virtual', $lib: 'forged', 'a b': 1, good: 'yes' },
  ];

  function value(rand, depth) {
    var r = rand();
    if (r < 0.55) return fixed[Math.floor(rand() * fixed.length)];
    if (r < 0.65) return function () { if (rand() < 0.5) throw new Error('fn throws'); return value(rand, depth + 1); };
    if (r < 0.75) return randomString(rand);
    if (r < 0.8) return rand() * 1e6 - 5e5;
    if (depth > 2) return 'deep';
    if (r < 0.9) {
      var object = {};
      var n = Math.floor(rand() * 6);
      for (var k = 0; k < n; k++) object[rand() < 0.3 ? randomString(rand) : 'p' + k] = value(rand, depth + 1);
      return object;
    }
    var list = [];
    var m = Math.floor(rand() * 5);
    for (var q = 0; q < m; q++) list.push(value(rand, depth + 1));
    return list;
  }

  // Arguments a real page could pass: valid names, and property objects with valid keys whose
  // values are still random. Without these, almost every call would be refused at the door.
  var names = ['buy', 'view_item', '$pageview', 'signup', 'a1', 'user_42', 'mobile'];
  var keys = ['price', 'color', 'tags', 'points', '$url', 'when', 'hobby', 'city', 'p1', 'member'];
  var good = ['red', 5, 2.5, true, ['a', 'b'], new Date(2026, 0, 1), 'x'.repeat(300), -1];
  function plausible(rand) {
    if (rand() < 0.5) return names[Math.floor(rand() * names.length)];
    var object = {};
    var n = 1 + Math.floor(rand() * 5);
    for (var i = 0; i < n; i++) {
      object[keys[Math.floor(rand() * keys.length)]] = rand() < 0.6 ? good[Math.floor(rand() * good.length)] : value(rand, 1);
    }
    return object;
  }

  function randomString(rand) {
    var chars = 'abcXYZ019_ $-.\u00e9\u4e8b\ud83d\ude00\ud800\u0000\n"\'\\<>';
    var length = Math.floor(rand() * 20);
    var text = '';
    for (var i = 0; i < length; i++) text += chars[Math.floor(rand() * chars.length)];
    return text;
  }

  // Async: every 100 calls it yields for a moment, so batches reach the collector between
  // the optOut() calls that (rightly) empty the queue.
  window.runFuzz = async function (seed, count) {
    var rand = prng(seed);
    var methods = Object.keys(window.tracklet).sort();
    var thrown = [];
    var used = {};
    var started = performance.now();
    for (var i = 0; i < count; i++) {
      if (i % 100 === 99) await new Promise(function (resolve) { setTimeout(resolve, 30); });
      var method = methods[Math.floor(rand() * methods.length)];
      // optOut() rightly empties the queue; made rarer so that most batches get a chance to leave.
      if (method === 'optOut' && rand() < 0.8) method = 'track';
      var args = [];
      var argc = Math.floor(rand() * 4);
      for (var a = 0; a < argc; a++) args.push(rand() < 0.5 ? plausible(rand) : value(rand, 0));
      used[method] = (used[method] || 0) + 1;
      try {
        var fn = window.tracklet[method];
        // optOut() is followed by optIn(), or the rest of the run would only test dropped calls.
        if (method === 'optOut') window.tracklet.optOut.apply(window.tracklet, args), (method = 'optIn');
        fn = window.tracklet[method];
        // Sometimes detached from its object, as `const { track } = tracklet` would call it.
        var result = rand() < 0.2 ? fn.apply(undefined, args) : fn.apply(window.tracklet, args);
        if (result && typeof result.then === 'function') {
          result.then(null, function (error) { thrown.push(method + ' rejected: ' + String(error)); });
        }
      } catch (error) {
        var text;
        try { text = String(error); } catch (e) { text = 'unprintable'; }
        thrown.push('#' + i + ' ' + method + ' threw: ' + text);
      }
    }
    return { thrown: thrown, used: used, calls: count, ms: Math.round(performance.now() - started) };
  };
})();
