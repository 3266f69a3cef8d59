import type { ClusterDef, EventCondition, ProfileFilter } from './definition';
import type { TimeRange } from './event-window';
import type { Dialect, Sql } from '../database';

/**
 * Every SQL statement of the cluster compiler and refresh, in one place, for both stores.
 * Standard SQL except where the dialects differ, written per store by `JSON_SQL` below: the
 * JSON functions (SQLite's `json_extract`, `json_type`, `json_each`, `instr`; PostgreSQL's
 * `->`/`->>` on `::jsonb`, `jsonb_typeof`, `jsonb_array_elements_text`, `strpos`), and the
 * staging table (SQLite: a TEMP table of the collector's connection; PostgreSQL: an UNLOGGED
 * table shared by the collectors, its rows keyed by the refresh's `run`).
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

/** The staging table a refresh fills chunk by chunk before it swaps the members in (PostgreSQL's is in postgres-schema.ts). */
export const CREATE_STAGING: Sql = {
  sqlite: 'CREATE TEMP TABLE IF NOT EXISTS cluster_staging (run TEXT NOT NULL, user_id INTEGER NOT NULL, value_index INTEGER NOT NULL, PRIMARY KEY (run, user_id))',
  postgres: 'SELECT 1',
};
/** Params: run. */
export const CLEAR_STAGING = 'DELETE FROM cluster_staging WHERE run = ?';
export const USER_ID_BOUNDS = 'SELECT MIN(id) AS low, MAX(id) AS high FROM users';
export const DELETE_MEMBERS = 'DELETE FROM cluster_members WHERE cluster_id = ?';
/** Params: cluster id, tag value (NULL for a cluster), run, value index. */
export const INSERT_MEMBERS = 'INSERT INTO cluster_members (cluster_id, user_id, tag_value) SELECT ?, user_id, ? FROM cluster_staging WHERE run = ? AND value_index = ?';

/**
 * The statement that stages the users with ids in [low, high] who match: each user gets the
 * index of the first definition it matches (a tag's values in order; a cluster has one).
 * Params: run, then the compiled ones, then low, high.
 *
 * @example const { sql, params } = compileStagingInsert([def], windowOf, 'sqlite'); yield* run(sql, runId, ...params, 1, 5000);
 */
export function compileStagingInsert(defs: ClusterDef[], windowOf: WindowOf, dialect: Dialect): Compiled {
  const params: unknown[] = [];
  const json = JSON_SQL[dialect];
  const whens = defs.map((def, index) => 'WHEN ' + definition(def, windowOf, params, json) + ' THEN ' + index).join(' ');
  return {
    sql:
      'INSERT INTO cluster_staging (run, user_id, value_index) SELECT ?, id, value_index FROM (' +
      'SELECT u.id AS id, CASE ' + whens + ' END AS value_index FROM users u ' +
      'WHERE u.id BETWEEN ? AND ? AND u.merged_into IS NULL) matched WHERE value_index IS NOT NULL',
    params,
  };
}

/**
 * Stages the users holding any of an import cluster's IDs (any key: login ID, distinct_id,
 * anonymous or cookie ID, bound ID), each with the first import list (tag value) naming them.
 * Params: run, cluster id.
 */
export const STAGE_IMPORT =
  'INSERT INTO cluster_staging (run, user_id, value_index) SELECT ?, l.user_id, MIN(i.position) FROM cluster_import_ids i ' +
  'JOIN identity_links l ON l.value = i.id_value JOIN users u ON u.id = l.user_id AND u.merged_into IS NULL ' +
  'WHERE i.cluster_id = ? GROUP BY l.user_id';

/**
 * The JSON expressions of each store. Each pushes its parameters in the order of its
 * placeholders. Numbers and text are told apart as JSON types; PostgreSQL compares text
 * byte-wise (`COLLATE "C"`), as SQLite does.
 */
interface JsonSql {
  /** A numeric property of the event's payload (NULL unless a number), and the test that it is one. */
  eventNumber(property: string, params: unknown[]): string;
  eventIsNumber(property: string, params: unknown[]): string;
  /** The JSON type of a profile column, in SQLite's names ('text', 'integer', 'real', 'array', 'null'; NULL when absent). */
  profileType(column: string, params: unknown[]): string;
  /** A profile column's value as the store compares it (SQLite: native; PostgreSQL: text). */
  profileValue(column: string, params: unknown[]): string;
  profileNumber(column: string, params: unknown[]): string;
  /** Options of an `equal` list (a number-looking text matches the number and the text). */
  options(texts: string[], params: unknown[]): string;
  /** The column is text holding `text`, or a list with `text` as an item. */
  contains(column: string, text: string, params: unknown[]): string;
  textCollation: string;
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

const JSON_SQL: Record<Dialect, JsonSql> = {
  sqlite: {
    eventNumber: (property, params) => (params.push('$.properties."' + property + '"'), 'json_extract(e.payload, ?)'),
    eventIsNumber: (property, params) => (params.push('$.properties."' + property + '"'), "json_type(e.payload, ?) IN ('integer', 'real')"),
    profileType: (column, params) => (params.push('$."' + column + '"'), 'json_type(u.profile, ?)'),
    profileValue: (column, params) => (params.push('$."' + column + '"'), 'json_extract(u.profile, ?)'),
    profileNumber: (column, params) => (params.push('$."' + column + '"'), 'json_extract(u.profile, ?)'),
    options(texts, params) {
      // "3" matches the number 3 and the text "3": profiles hold what the SDK sent.
      const options = texts.flatMap((text) => (NUMBER.test(text) ? [Number(text), text] : [text]));
      params.push(...options);
      return '(' + options.map(() => '?').join(', ') + ')';
    },
    contains(column, text, params) {
      const path = '$."' + column + '"';
      params.push(path, path, text, path, path, text);
      return "((json_type(u.profile, ?) = 'text' AND instr(json_extract(u.profile, ?), ?) > 0) OR (json_type(u.profile, ?) = 'array' AND EXISTS (SELECT 1 FROM json_each(u.profile, ?) item WHERE item.value = ?)))";
    },
    textCollation: '',
  },
  postgres: {
    eventNumber: (property, params) => (params.push(property, property), "(CASE WHEN jsonb_typeof(e.payload::jsonb -> 'properties' -> ?::text) = 'number' THEN (e.payload::jsonb -> 'properties' ->> ?::text)::float8 END)"),
    eventIsNumber: (property, params) => (params.push(property), "jsonb_typeof(e.payload::jsonb -> 'properties' -> ?::text) = 'number'"),
    profileType: (column, params) => (params.push(column, column), "(CASE jsonb_typeof(u.profile::jsonb -> ?::text) WHEN 'string' THEN 'text' WHEN 'number' THEN 'real' ELSE jsonb_typeof(u.profile::jsonb -> ?::text) END)"),
    profileValue: (column, params) => (params.push(column), '(u.profile::jsonb ->> ?::text)'),
    profileNumber: (column, params) => (params.push(column, column), "(CASE WHEN jsonb_typeof(u.profile::jsonb -> ?::text) = 'number' THEN (u.profile::jsonb ->> ?::text)::float8 END)"),
    options(texts, params) {
      // Compared as text: the number 3 reads '3', like the text "3".
      const options = texts.flatMap((text) => (NUMBER.test(text) ? [String(Number(text)), text] : [text]));
      params.push(...options);
      return '(' + options.map(() => '?::text').join(', ') + ')';
    },
    contains(column, text, params) {
      params.push(column, column, text, column, column, text);
      return "((jsonb_typeof(u.profile::jsonb -> ?::text) = 'string' AND strpos(u.profile::jsonb ->> ?::text, ?::text) > 0) OR (jsonb_typeof(u.profile::jsonb -> ?::text) = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(u.profile::jsonb -> ?::text) item WHERE item = ?::text)))";
    },
    textCollation: ' COLLATE "C"',
  },
};

function definition(def: ClusterDef, windowOf: WindowOf, params: unknown[], json: JsonSql): string {
  // The profile group first: when the groups are ANDed it is the cheap test that can spare the
  // event aggregates (SQLite evaluates AND from the left and stops at the first false).
  const groups: string[] = [];
  if (def.filters.length) groups.push(join(def.filters.map((filter) => profileFilter(filter, params, json)), def.relation));
  if (def.events.length) groups.push(join(def.events.map((event) => eventCondition(event, windowOf(event), params, json)), def.eventRelation));
  return groups.length ? join(groups, def.eventUserRelation) : '(1 = 1)';
}

function join(parts: string[], relation: 'and' | 'or'): string {
  return '(' + parts.join(relation === 'and' ? ' AND ' : ' OR ') + ')';
}

function eventCondition(condition: EventCondition, window: TimeRange | undefined, params: unknown[], json: JsonSql): string {
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
    where.push(json.eventIsNumber(condition.property!, whereParams));
    const value = json.eventNumber(condition.property!, aggregateParams);
    aggregate = condition.analysis === 'SUM' ? 'COALESCE(SUM(' + value + '), 0)' : condition.analysis + '(' + value + ')';
  }
  params.push(...aggregateParams, ...whereParams);
  const subquery = '(SELECT ' + aggregate + ' FROM events e WHERE ' + where.join(' AND ') + ')';
  return compare(subquery, condition.comparator, condition.values, params);
}

function compare(expression: string, comparator: EventCondition['comparator'], values: unknown[], params: unknown[], collation = ''): string {
  const operators: Record<string, string> = { equal: '=', notEqual: '<>', greater: '>', greaterEqual: '>=', less: '<', lessEqual: '<=' };
  if (comparator === 'between') {
    params.push(values[0], values[1]);
    return '(' + expression + collation + ' BETWEEN ? AND ?)';
  }
  params.push(values[0]);
  return '(' + expression + collation + ' ' + operators[comparator] + ' ?)';
}

function profileFilter(filter: ProfileFilter, params: unknown[], json: JsonSql): string {
  // The type is NULL for an absent key and 'null' for a JSON null. Each helper pushes its
  // parameters as it writes its placeholders: the text is built left to right.
  const column = filter.column;
  const value = () => json.profileValue(column, params);
  const type = () => json.profileType(column, params);
  const isSet = () => type() + " <> 'null'";
  switch (filter.comparator) {
    case 'equal':
      return '(' + value() + ' IN ' + json.options(filter.values, params) + ')';
    case 'notEqual':
      return '(' + isSet() + ' AND ' + value() + ' NOT IN ' + json.options(filter.values, params) + ')';
    case 'contain':
      return '(' + filter.values.map((text) => json.contains(column, text, params)).join(' OR ') + ')';
    case 'notContain':
      return '(' + isSet() + ' AND NOT (' + filter.values.map((text) => json.contains(column, text, params)).join(' OR ') + '))';
    case 'isSet':
      return '(' + isSet() + ')';
    case 'notSet':
      return '(' + type() + ' IS NULL OR ' + type() + " = 'null')";
    default: {
      // Ordering: numbers against numbers, text against text (ISO dates order as text).
      const numeric = filter.values.every((text) => NUMBER.test(text));
      const typed = '(' + type() + (numeric ? " IN ('integer', 'real')" : " = 'text'") + ' AND ';
      const values = filter.values.map((text) => (numeric ? Number(text) : text));
      return typed + compare(numeric ? json.profileNumber(column, params) : value(), filter.comparator, values, params, numeric ? '' : json.textCollation) + ')';
    }
  }
}
