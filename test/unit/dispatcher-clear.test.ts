import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDispatcher } from '../../src/transport/dispatcher';
import type { Sender, SendResult } from '../../src/transport/sender';
import type { Payload } from '../../src/types';
import { recorder } from './helpers';

const event = (n: number) => ({ event: 'e' + n, properties: {} }) as unknown as Payload;

function fakeSender() {
  const bodies: string[] = [];
  let answer: (result: SendResult) => void = () => undefined;
  const sender: Sender = {
    send: (_url, body) => {
      bodies.push(body);
      return new Promise((resolve) => (answer = resolve));
    },
  };
  return { bodies, sender, answer: (result: SendResult) => answer(result) };
}

test('clear() forgets queued events: a later flush sends nothing', async () => {
  const fake = fakeSender();
  const dispatcher = createDispatcher({ url: '/c', sender: fake.sender, batchSize: 50, flushInterval: 10, report: recorder(), now: Date.now });
  dispatcher.enqueue(event(1));
  dispatcher.enqueue(event(2));
  await dispatcher.clear();
  await dispatcher.flush();
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(fake.bodies, [], 'neither flush nor the interval timer sent anything');
});

test('a batch in flight when clear() is called is not put back when it fails', async () => {
  const fake = fakeSender();
  const dispatcher = createDispatcher({ url: '/c', sender: fake.sender, batchSize: 50, flushInterval: 10, report: recorder(), now: Date.now });
  dispatcher.enqueue(event(1), true);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(fake.bodies.length, 1);
  await dispatcher.clear();
  fake.answer({ ok: false, status: 503 });
  await dispatcher.flush();
  assert.equal(fake.bodies.length, 1, 'the failed batch was not retried');
});
