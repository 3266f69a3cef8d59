import { checkObject, type Rejection } from './validate';
import { checkPropertySizes } from './validate-sizes';

/**
 * A Sensors item operation (the "item" part of its data model): things users act on (books, products) with their own properties, keyed by (`item_type`, `item_id`). Items
 * belong to no user, so they carry no `distinct_id` and are kept in their own table.
 */
export interface ValidItem {
  type: 'item_set' | 'item_delete';
  item_type: string;
  item_id: string;
  properties: Record<string, unknown>;
  time: number;
}

// Sensors' rule for an item type: a variable-like name, as for event names.
const ITEM_TYPE = /^[a-zA-Z][a-zA-Z0-9_]{0,98}$/;

/**
 * True for the payload types this module validates.
 *
 * @example isItemPayload({ type: 'item_set' }) // true
 */
export function isItemPayload(input: unknown): boolean {
  const type = (input as { type?: unknown } | null)?.type;
  return typeof input === 'object' && input !== null && (type === 'item_set' || type === 'item_delete');
}

/**
 * Checks an `item_set` / `item_delete` payload: `item_type` a name (a letter, then letters,
 * digits, `_`; 1–99), `item_id` a non-blank string of at most 255 characters, `properties` an
 * object within the event limits (absent counts as `{}`; a delete ignores it), `time` a positive
 * number of milliseconds.
 *
 * @example validateItem({ type: 'item_set', item_type: 'book', item_id: 'b1', properties: {}, time: 1 })
 */
export function validateItem(input: Record<string, unknown>): ValidItem | Rejection {
  const { item_type: itemType, item_id: itemId, time } = input;
  if (typeof itemType !== 'string' || !ITEM_TYPE.test(itemType)) {
    return { field: 'item_type', reason: 'item_type must be a name of letters, digits and "_" starting with a letter (1-99 characters)' };
  }
  if (typeof itemId !== 'string' || !itemId.trim() || itemId.length > 255) {
    return { field: 'item_id', reason: 'item_id must be a non-empty string of at most 255 characters' };
  }
  if (typeof time !== 'number' || !Number.isFinite(time) || time <= 0) return { field: 'time', reason: 'time must be a positive number of milliseconds' };
  const properties = input.properties ?? {};
  const broken = checkObject('properties', properties) ?? checkPropertySizes(properties as Record<string, unknown>);
  if (broken) return broken;
  return { type: input.type as ValidItem['type'], item_type: itemType, item_id: itemId, properties: properties as Record<string, unknown>, time };
}
