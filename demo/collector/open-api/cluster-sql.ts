import type { ClusterDef, EventCondition, ProfileFilter } from './definition';
import type { TimeRange } from './event-window';

/**
 * Every SQL statement of the cluster compiler and refresh, in one place, so that a second
 * store (PostgreSQL, issue 22) has one file to translate. Standard SQL except where marked
 * SQLITE: the JSON functions (`json_extract`, `json_type`, `json_each` → PostgreSQL's `->>`,
 * `jsonb_typeof`, `jsonb_array_elements_text`), `instr` (→ `strpos`) and the TEMP staging
 * table's spelling.
 *
 * A definition compiles to one boolean expression over `users u`; an event condition is a
 * correlated aggregate over the user's events, answered from the index
 * `events(event, user_id, time)` without reading a payload when it counts (TIMES). A user with
 * no such event counts 0, so `less 1` finds who did not do it.
 */

export interface Compiled {
  sql: string;
  params: unknown[];
}

type WindowOf = (condition: EventCondition) => TimeRange | undefined;

/** The staging table a refresh fills chunk by chunk before it swaps the members in. */
export const CREATE_STAGING = 'CREATE TEMP TABLE IF NOT EXISTS cluster_staging (user_id INTEGER PRIMARY KEY, value_index INTEGER NOT NULL)'; // SQLITE: TEMP table
export const CLEAR_STAGING = 'DELETE FROM temp.cluster_staging';
export const USER_ID_BOUNDS = 'SELECT MIN(id) AS low, MAX(id) AS high FROM users';
export const DELETE_MEMBERS = 'DELETE FROM cluster_members WHERE cluster_id = ?';
/** Params: cluster id, tag value (NULL for a cluster), value index. */
export const INSERT_MEMBERS = 'INSERT INTO cluster_members (cluster_id, user_id, tag_value) SELECT ?, user_id, ? FROM temp.cluster_staging WHERE value_index = ?';

/**
 * The statement that stages the users with ids in [low, high] who match: each user gets the
 * index of the first definition it matches (a tag's values in order; a cluster has one).
 * Params after the compiled ones: low, high.
 *
 * @example const { sql, params } = compileStagingInsert([def], windowOf); db.prepare(sql).run(...params, 1, 5000);
 */
export function compileStagingInsert(defs: ClusterDef[], windowOf: WindowOf): Compiled {
  const params: unknown[] = [];
  const whens = defs.map((def, index) => 'WHEN ' + definition(def, windowOf, params) + ' THEN ' + index).join(' ');
  return {
    sql:
      'INSERT INTO temp.cluster_staging (user_id, value_index) SELECT id, value_index FROM (' +
      'SELECT u.id AS id, CASE ' + whens + ' END AS value_index FROM users u ' +
      'WHERE u.id BETWEEN ? AND ? AND u.merged_into IS NULL) matched WHERE value_index IS NOT NULL',
    params,
  };
}

/**
 * Stages the users holding any of an import cluster's IDs (any key: login ID, distinct_id,
 * anonymous or cookie ID, bound ID), each with the first import list (tag value) naming them.
 * Params: cluster id.
 */
export const STAGE_IMPORT =
  'INSERT INTO temp.cluster_staging (user_id, value_index) SELECT l.user_id, MIN(i.position) FROM cluster_import_ids i ' +
  'JOIN identity_links l ON l.value = i.id_value JOIN users u ON u.id = l.user_id AND u.merged_into IS NULL ' +
  'WHERE i.cluster_id = ? GROUP BY l.user_id';

function definition(def: ClusterDef, windowOf: WindowOf, params: unknown[]): string {
  // The profile group first: when the groups are ANDed it is the cheap test that can spare the
  // event aggregates (SQLite evaluates AND from the left and stops at the first false).
  const groups: string[] = [];
  if (def.filters.length) groups.push(join(def.filters.map((filter) => profileFilter(filter, params)), def.relation));
  if (def.events.length) groups.push(join(def.events.map((event) => eventCondition(event, windowOf(event), params)), def.eventRelation));
  return groups.length ? join(groups, def.eventUserRelation) : '(1 = 1)';
}

function join(parts: string[], relation: 'and' | 'or'): string {
  return '(' + parts.join(relation === 'and' ? ' AND ' : ' OR ') + ')';
}

function eventCondition(condition: EventCondition, window: TimeRange | undefined, params: unknown[]): string {
  const where: string[] = ['e.event = ?', 'e.user_id = u.id'];
  const whereParams: unknown[] = [condition.eventName];
  if (window) {
    where.push('e.time >= ?', 'e.time < ?');
    whereParams.push(window.start, window.end);
  }
  let aggregate: string;
  const aggregateParams: unknown[] = [];
  if (condition.analysis === 'TIMES') aggregate = 'COUNT(*)';
  else {
    const path = '$.properties."' + condition.property + '"';
    where.push("json_type(e.payload, ?) IN ('integer', 'real')"); // SQLITE: JSON
    whereParams.push(path);
    const value = 'json_extract(e.payload, ?)'; // SQLITE: JSON
    aggregateParams.push(path);
    aggregate = condition.analysis === 'SUM' ? 'COALESCE(SUM(' + value + '), 0)' : condition.analysis + '(' + value + ')';
  }
  params.push(...aggregateParams, ...whereParams);
  const subquery = '(SELECT ' + aggregate + ' FROM events e WHERE ' + where.join(' AND ') + ')';
  return compare(subquery, condition.comparator, condition.values, params);
}

function compare(expression: string, comparator: EventCondition['comparator'], values: unknown[], params: unknown[]): string {
  const operators: Record<string, string> = { equal: '=', notEqual: '<>', greater: '>', greaterEqual: '>=', less: '<', lessEqual: '<=' };
  if (comparator === 'between') {
    params.push(values[0], values[1]);
    return '(' + expression + ' BETWEEN ? AND ?)';
  }
  params.push(values[0]);
  return '(' + expression + ' ' + operators[comparator] + ' ?)';
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

function profileFilter(filter: ProfileFilter, params: unknown[]): string {
  const path = '$."' + filter.column + '"';
  // SQLITE: JSON. json_type is NULL for an absent key and 'null' for a JSON null. Each helper
  // pushes its parameter as it writes its placeholder: the text is built left to right.
  const value = () => (params.push(path), 'json_extract(u.profile, ?)');
  const type = () => (params.push(path), 'json_type(u.profile, ?)');
  const isSet = () => type() + " <> 'null'";
  const anyOf = () => {
    // "3" matches the number 3 and the text "3": profiles hold what the SDK sent.
    const options = filter.values.flatMap((text) => (NUMBER.test(text) ? [Number(text), text] : [text]));
    params.push(...options);
    return '(' + options.map(() => '?').join(', ') + ')';
  };
  const contains = (text: string) => {
    // Text holds it as a substring; a list (profile_append) holds it as an item.
    params.push(path, path, text, path, path, text);
    return "((json_type(u.profile, ?) = 'text' AND instr(json_extract(u.profile, ?), ?) > 0) OR (json_type(u.profile, ?) = 'array' AND EXISTS (SELECT 1 FROM json_each(u.profile, ?) item WHERE item.value = ?)))";
  };
  switch (filter.comparator) {
    case 'equal':
      return '(' + value() + ' IN ' + anyOf() + ')';
    case 'notEqual':
      return '(' + isSet() + ' AND ' + value() + ' NOT IN ' + anyOf() + ')';
    case 'contain':
      return '(' + filter.values.map(contains).join(' OR ') + ')';
    case 'notContain':
      return '(' + isSet() + ' AND NOT (' + filter.values.map(contains).join(' OR ') + '))';
    case 'isSet':
      return '(' + isSet() + ')';
    case 'notSet':
      return '(' + type() + ' IS NULL OR ' + type() + " = 'null')";
    default: {
      // Ordering: numbers against numbers, text against text (ISO dates order as text).
      const numeric = filter.values.every((text) => NUMBER.test(text));
      const typed = '(' + type() + (numeric ? " IN ('integer', 'real')" : " = 'text'") + ' AND ';
      const values = filter.values.map((text) => (numeric ? Number(text) : text));
      return typed + compare(value(), filter.comparator, values, params) + ')';
    }
  }
}
