/** The comparators a condition may use, by their canonical name. */
export type Comparator = 'equal' | 'notEqual' | 'greater' | 'greaterEqual' | 'less' | 'lessEqual' | 'between' | 'contain' | 'notContain' | 'isSet' | 'notSet';

// Spellings seen in analytics APIs, folded to lower case without `_`, `-` or spaces.
const SYNONYMS: Record<string, Comparator> = {
  equal: 'equal', equals: 'equal', eq: 'equal', is: 'equal', in: 'equal',
  notequal: 'notEqual', unequal: 'notEqual', ne: 'notEqual', neq: 'notEqual', isnot: 'notEqual', notin: 'notEqual',
  greater: 'greater', gt: 'greater', greaterthan: 'greater',
  greaterequal: 'greaterEqual', gte: 'greaterEqual', ge: 'greaterEqual', greaterorequal: 'greaterEqual', notless: 'greaterEqual',
  less: 'less', lt: 'less', lessthan: 'less',
  lessequal: 'lessEqual', lte: 'lessEqual', le: 'lessEqual', lessorequal: 'lessEqual', notgreater: 'lessEqual',
  between: 'between', range: 'between',
  contain: 'contain', contains: 'contain', include: 'contain', includes: 'contain', like: 'contain',
  notcontain: 'notContain', notcontains: 'notContain', notinclude: 'notContain', notlike: 'notContain',
  isset: 'isSet', set: 'isSet', notnull: 'isSet', isnotnull: 'isSet', exists: 'isSet', hasvalue: 'isSet',
  notset: 'notSet', isnotset: 'notSet', isnull: 'notSet', null: 'notSet', notexists: 'notSet', novalue: 'notSet',
};

/** Comparators that make sense for a number of events (or a sum or average of them). */
export const EVENT_COMPARATORS: readonly Comparator[] = ['equal', 'notEqual', 'greater', 'greaterEqual', 'less', 'lessEqual', 'between'];

/**
 * The canonical comparator a spelling names, or undefined.
 *
 * @example comparatorOf('not_equal') // 'notEqual'
 */
export function comparatorOf(text: unknown): Comparator | undefined {
  if (typeof text !== 'string') return undefined;
  const folded = text.toLowerCase().replace(/[\s_-]/g, '');
  return Object.prototype.hasOwnProperty.call(SYNONYMS, folded) ? SYNONYMS[folded] : undefined;
}
