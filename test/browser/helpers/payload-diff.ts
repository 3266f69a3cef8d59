/** One field of one event, side by side. */
export interface FieldRow {
  /** The event: `type event #n` (the n-th such event of the side, in time order). */
  event: string;
  /** The field's dotted path: `distinct_id`, `identities.$identity_login_id`, `properties.$url`. */
  path: string;
  real: string | undefined;
  facade: string | undefined;
}

/** A difference the side-by-side test expects, with why. */
export interface KnownDifference {
  path: RegExp;
  /** Only in these events (default: any). */
  event?: RegExp;
  reason: string;
}

const PER_EVENT = new Set(['time', '_track_id', '_flush_time']);
// The real Sensors SDK writes milliseconds unpadded (`…:07.5` at 5 ms), so one to three digits.
const DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{1,3}$/;

/**
 * An event's fields as `path -> text`, with what differs on every run made comparable: the
 * side's own cookie ID becomes `<cookie ID>`, per-event numbers (`time`, `_track_id`,
 * `_flush_time`) their type, `$lib_version` `<version>`, dates `<date>`.
 *
 * @example flatten({ distinct_id: 'c1', time: 5 }, 'c1') // { distinct_id: '<cookie ID>', time: '<number>' }
 */
export function flatten(event: Record<string, unknown>, cookieId: string): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (path: string, key: string, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) put(path + '.' + inner, inner, (value as Record<string, unknown>)[inner]);
      return;
    }
    let text = JSON.stringify(value);
    if (value === cookieId) text = '<cookie ID>';
    else if (PER_EVENT.has(path) && typeof value === 'number') text = '<number>';
    else if (key === '$lib_version') text = '<version>';
    else if (typeof value === 'string' && DATE.test(value)) text = '<date>';
    out[path] = text;
  };
  for (const key of Object.keys(event)) put(key, key, event[key]);
  return out;
}

/** Events keyed `type event #n`, n counting that pair in time order. */
function keyed(events: Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  const counts = new Map<string, number>();
  const out = new Map<string, Record<string, unknown>>();
  for (const event of events) {
    const pair = event.type + ' ' + (event.event ?? '');
    const n = counts.get(pair) ?? 0;
    counts.set(pair, n + 1);
    out.set(pair + ' #' + n, event);
  }
  return out;
}

/**
 * Every field of every event of both sides, matched by event key and path.
 *
 * @example compareEvents(realEvents, facadeEvents).filter((row) => row.real !== row.facade)
 */
export function compareEvents(real: Record<string, unknown>[], facade: Record<string, unknown>[]): FieldRow[] {
  const cookieOf = (events: Record<string, unknown>[]) => ((events[0]?.identities as Record<string, string> | undefined)?.$identity_cookie_id ?? '') as string;
  const left = keyed(real);
  const right = keyed(facade);
  const rows: FieldRow[] = [];
  for (const event of new Set([...left.keys(), ...right.keys()])) {
    const a = left.has(event) ? flatten(left.get(event)!, cookieOf(real)) : {};
    const b = right.has(event) ? flatten(right.get(event)!, cookieOf(facade)) : {};
    for (const path of new Set([...Object.keys(a), ...Object.keys(b)])) rows.push({ event, path, real: a[path], facade: b[path] });
  }
  return rows;
}

/** The known difference that explains `row`, if any. */
export function explain(row: FieldRow, known: KnownDifference[]): KnownDifference | undefined {
  return known.find((difference) => difference.path.test(row.path) && (!difference.event || difference.event.test(row.event)));
}

/** The side-by-side table in Markdown: one line per field that differs somewhere, then the totals. */
export function markdownTable(rows: FieldRow[], known: KnownDifference[]): string {
  const same = rows.filter((row) => row.real === row.facade);
  const lines = ['| event | field | real SDK | facade | why |', '| --- | --- | --- | --- | --- |'];
  const cell = (text: string | undefined) => (text === undefined ? '—' : '`' + text.slice(0, 40).replace(/\|/g, '\\|') + '`');
  for (const row of rows) {
    if (row.real === row.facade) continue;
    lines.push(`| ${row.event} | ${row.path} | ${cell(row.real)} | ${cell(row.facade)} | ${explain(row, known)?.reason ?? '**unexplained**'} |`);
  }
  lines.push('', `${same.length} of ${rows.length} compared fields are identical (after the per-run values named in payload-diff.ts are made comparable).`);
  return lines.join('\n');
}

/**
 * The same comparison by field: for every field that differs in some event, in how many
 * events it is identical or differs, both values seen first, and the reason.
 */
export function groupedTable(rows: FieldRow[], known: KnownDifference[]): string {
  const byPath = new Map<string, FieldRow[]>();
  for (const row of rows) byPath.set(row.path, [...(byPath.get(row.path) ?? []), row]);
  const lines = ['| field | identical in | differs in | real SDK (e.g.) | facade (e.g.) | why |', '| --- | --- | --- | --- | --- | --- |'];
  const cell = (text: string | undefined) => (text === undefined ? '—' : '`' + text.slice(0, 32).replace(/\|/g, '\\|') + '`');
  for (const [path, group] of byPath) {
    const differing = group.filter((row) => row.real !== row.facade);
    if (!differing.length) continue;
    const reasons = [...new Set(differing.map((row) => explain(row, known)?.reason ?? '**unexplained**'))];
    lines.push(`| ${path} | ${group.length - differing.length} | ${differing.length} | ${cell(differing[0]!.real)} | ${cell(differing[0]!.facade)} | ${reasons.join('; ')} |`);
  }
  const same = rows.filter((row) => row.real === row.facade).length;
  lines.push('', `${same} of ${rows.length} compared fields identical; ${new Set(rows.map((row) => row.path)).size} distinct fields.`);
  return lines.join('\n');
}
