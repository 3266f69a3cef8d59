import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRejection, validateEvent } from '../../demo/collector/validate';
import { cleanProperties } from '../../src/events/clean-properties';
import { nameProblem } from '../../src/events/validate-name';
import { trackEvent } from './helpers/collector-server';

// Names on the edge of the rules: Object.prototype's members in several letter cases, reserved
// words, the rule's own edges, and ordinary names.
const NAMES = [
  'constructor', 'prototype', '__proto__', 'Constructor', 'PROTOTYPE', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', 'time', 'Type', 'events', '_private', '1abc', 'a-b', '事件', '',
  'x'.repeat(99), 'x'.repeat(100), 'buy', 'plan', 'constructorName', 'my_prototype', 'toStringTag',
];

const collectorAcceptsKey = (key: string) => !isRejection(validateEvent({ ...trackEvent('c1'), properties: JSON.parse(JSON.stringify({ [key]: 1 })) }));
const collectorAcceptsEvent = (name: string) => !isRejection(validateEvent({ ...trackEvent('c1'), event: name }));

test('the SDK keeps a property key exactly when the collector accepts it', () => {
  for (const key of NAMES) {
    const reports: string[] = [];
    const kept = Object.prototype.hasOwnProperty.call(cleanProperties(JSON.parse(JSON.stringify({ [key]: 1 })), { where: 'track("e")', method: 'track', report: (_c, m) => reports.push(m), maxLength: 255 }), key);
    assert.equal(kept, collectorAcceptsKey(key), JSON.stringify(key) + ': the SDK ' + (kept ? 'keeps' : 'drops') + ' it, the collector ' + (collectorAcceptsKey(key) ? 'accepts' : 'refuses') + ' it');
    assert.equal(reports.length, kept ? 0 : 1, 'a dropped key is reported');
  }
});

test('the SDK sends an event name exactly when the collector accepts it', () => {
  for (const name of NAMES) {
    const sent = nameProblem(name) === '';
    assert.equal(sent, collectorAcceptsEvent(name), JSON.stringify(name));
  }
});

test('constructor, prototype and the other Object.prototype names are refused in any letter case', () => {
  for (const key of ['constructor', 'prototype', 'Prototype', 'toString', 'VALUEOF', 'hasOwnProperty']) {
    assert.equal(nameProblem(key, true), 'is reserved', key);
    assert.equal(collectorAcceptsKey(key), false, key);
  }
});
