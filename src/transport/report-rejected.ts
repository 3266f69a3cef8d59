import type { Report } from '../lib/report';
import type { QueuedEvent } from '../queue/queue-store';
import type { SendResult } from './sender';

/**
 * A 2xx answer stores the good events of a batch and may refuse others: the reference
 * collector lists them as `rejected: [{ index, field, reason }]` (index into the batch as
 * sent), and may list only the first few of many. Each listed one is reported with the
 * collector's reason; those its counts (`received`, `stored`, `duplicates`) show refused but
 * unlisted are reported together. They are not sent again: the collector would refuse them
 * again.
 *
 * @example reportRejected(batch, { ok: true, status: 200, answer: { rejected: [{ index: 0, reason: 'distinct_id ...' }] } }, report)
 */
export function reportRejected(batch: QueuedEvent[], result: SendResult, report: Report): void {
  const answer = result.answer;
  const listed = answer && Array.isArray(answer.rejected) ? (answer.rejected as unknown[]) : [];
  const refused = (what: string, reason: unknown) =>
    report('event_rejected', what + ' rejected by the collector (' + result.status + '): ' + String(reason).slice(0, 300));
  for (const entry of listed) {
    const { index, reason, code } = (entry || {}) as Record<string, unknown>;
    const queued = batch[index as number];
    let name = 'an event';
    try {
      const payload = JSON.parse(queued!.b) as Record<string, unknown>;
      name = (payload.event || payload.type) + ' (_track_id ' + queued!.k + ')';
    } catch {
      // No such index in the batch: the event is reported without its name.
    }
    refused(name, (code ? code + ': ' : '') + reason);
  }
  const { stored, duplicates } = answer || {};
  const unlisted = batch.length - listed.length - (stored as number) - (duplicates as number);
  if (!answer?.dryRun && unlisted > 0) refused(unlisted + ' more events', 'the answer did not list them');
}
