import { errorText, type Report } from '../lib/report';
import type { BeforeSend, Payload } from '../types';

/**
 * Runs the `beforeSend` hook on a copy of `payload`. Returns the payload to queue, or
 * undefined when the hook dropped it (false or null). The hook may edit its argument or
 * return another payload; what it returns must survive JSON (no cycles, no BigInt), or a whole
 * batch could never be encoded. A hook that throws or returns something unusable is reported
 * and the original payload is kept: losing data to a bug in a hook is worse than not editing.
 *
 * @example runBeforeSend((p) => (p.event === 'noise' ? false : p), payload, report)
 */
export function runBeforeSend(hook: BeforeSend, payload: Payload, report: Report): Payload | undefined {
  try {
    const copy = clone(payload);
    const result = hook(copy);
    if (result === false || result === null) return undefined;
    if (result === undefined) return clone(copy);
    if (typeof result !== 'object') throw 'returned a ' + typeof result;
    return clone(result);
  } catch (error) {
    report('before_send_failed', 'beforeSend failed (' + errorText(error) + '); event sent unchanged', 'beforeSend');
  }
  return payload;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
