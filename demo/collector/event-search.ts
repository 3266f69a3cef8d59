import type { Sql } from './database';

/**
 * Property search over stored events, for the viewer's search box. A search reads payloads
 * (no index can help), so one page of results reads at most SEARCH_SCAN_ROWS events below its
 * cursor; the page then says where the next one starts (`next`), and the viewer pages on.
 */
export const SEARCH_SCAN_ROWS = 50_000;

/** Longest search text taken; a longer one is refused (400) rather than cut silently. */
export const SEARCH_MAX_CHARS = 200;

/** Property keys a `key=value` search may name: the SDK's key rule plus `$` presets. */
const KEY = /^\$?[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export interface SearchCondition {
  sql: Sql;
  params: (string | number)[];
}

/** PostgreSQL: the event's properties as jsonb, `{}` when they are not an object (so jsonb_each_text cannot fail). */
const PG_PROPERTIES = "(CASE WHEN jsonb_typeof(payload::jsonb -> 'properties') = 'object' THEN payload::jsonb -> 'properties' ELSE '{}'::jsonb END)";

/**
 * The SQL condition of a search (one text per store; the same answers on both):
 * - `key=value`: the event's property `key` equals `value` (a number matches its text, `true`
 *   and `false` match booleans), e.g. `$url_path=/pricing`, `plan=pro`;
 * - any other text: part of the event's name, its distinct_id, or a property's key or value
 *   (a boolean as `true`/`false`; ignoring case), e.g. `pricing`, `ada@`. Where the stores
 *   differ: PostgreSQL ignores the case of non-ASCII letters too, and an object or array
 *   value is matched in jsonb's text (`{"a": 1}`) rather than as sent (`{"a":1}`).
 *
 * @example searchCondition('plan=pro').params // ['plan', 'plan', 'pro']
 */
export function searchCondition(text: string): SearchCondition {
  const at = text.indexOf('=');
  const key = at > 0 ? text.slice(0, at).trim() : '';
  if (KEY.test(key)) {
    const value = text.slice(at + 1).trim();
    // The key is a parameter of both texts (SQLite makes its JSON path of it; KEY allows no quote).
    const sqlitePath = `'$.properties."' || ? || '"'`;
    const pgValue = "payload::jsonb -> 'properties' -> ?::text";
    // SQLite's json_extract gives 1/0 for true/false; json_type tells them from the numbers 1 and 0.
    if (value === 'true' || value === 'false') {
      return {
        sql: { sqlite: `json_type(payload, ${sqlitePath}) IN ('true', 'false') AND json_type(payload, ${sqlitePath}) = ?`, postgres: `jsonb_typeof(${pgValue}) = 'boolean' AND (${pgValue})::text = ?` },
        params: [key, key, value],
      };
    }
    return {
      sql: {
        sqlite: `json_type(payload, ${sqlitePath}) IN ('text', 'integer', 'real') AND CAST(json_extract(payload, ${sqlitePath}) AS TEXT) = ?`,
        postgres: `jsonb_typeof(${pgValue}) IN ('string', 'number') AND payload::jsonb -> 'properties' ->> ?::text = ?`,
      },
      params: [key, key, value],
    };
  }
  const pattern = '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  return {
    sql: {
      sqlite:
        "(event LIKE ? ESCAPE '\\' OR distinct_id LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(payload, '$.properties') AS p " +
        "WHERE p.key LIKE ? ESCAPE '\\' OR (CASE WHEN p.type IN ('true', 'false') THEN p.type ELSE CAST(p.value AS TEXT) END) LIKE ? ESCAPE '\\'))",
      postgres:
        "(event ILIKE ? ESCAPE '\\' OR distinct_id ILIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM jsonb_each_text(" + PG_PROPERTIES + ") AS p " +
        "WHERE p.key ILIKE ? ESCAPE '\\' OR p.value ILIKE ? ESCAPE '\\'))",
    },
    params: [pattern, pattern, pattern, pattern],
  };
}
