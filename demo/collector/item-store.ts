import { all, run, value, type Database, type Step } from './database';
import type { ValidItem } from './validate-item';

/** An item as the API lists it. */
export interface ItemRow {
  item_type: string;
  item_id: string;
  properties: Record<string, unknown>;
  time: number;
  updated_at: number;
}

export interface ItemStore {
  /** Applies item operations in one transaction; returns how many changed an item. */
  apply(items: ValidItem[], receivedAt: number): Promise<number>;
  /** Items that exist (not deleted), most recently changed first; `type` narrows to one item type. */
  list(options?: { type?: string; limit?: number }): Promise<ItemRow[]>;
  /** How many items exist. */
  count(): Promise<number>;
}

const UPSERT = `INSERT INTO items (item_type, item_id, properties, time, updated_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (item_type, item_id) DO UPDATE SET properties = excluded.properties, time = excluded.time, updated_at = excluded.updated_at
  WHERE excluded.time >= items.time`;

/**
 * Keeps Sensors items: `item_set` replaces an item's properties, `item_delete` removes it. The
 * operation with the latest client `time` wins, whatever order they arrive in, so a retried
 * old `item_set` cannot bring back a deleted item (a delete leaves a row with NULL properties).
 *
 * @example await createItemStore(database).apply([{ type: 'item_set', item_type: 'book', item_id: 'b1', properties: {}, time }], Date.now())
 */
export function createItemStore(database: Database): ItemStore {
  function* apply(items: ValidItem[], receivedAt: number): Step<number> {
    let changed = 0;
    for (const item of items) {
      const properties = item.type === 'item_set' ? JSON.stringify(item.properties) : null;
      changed += yield* run(UPSERT, item.item_type, item.item_id, properties, Math.round(item.time), receivedAt);
    }
    return changed;
  }
  return {
    apply: (items, receivedAt) => database.write(() => apply(items, receivedAt)),
    async list({ type, limit = 100 } = {}) {
      const where = 'WHERE properties IS NOT NULL' + (type === undefined ? '' : ' AND item_type = ?');
      const sql = `SELECT item_type, item_id, properties, time, updated_at FROM items ${where} ORDER BY updated_at DESC, item_type, item_id LIMIT ?`;
      const rows = await database.read(() => all<Omit<ItemRow, 'properties'> & { properties: string }>(sql, ...(type === undefined ? [] : [type]), Math.max(1, Math.min(500, Math.floor(limit) || 1))));
      return rows.map((row) => ({ ...row, properties: JSON.parse(row.properties) as Record<string, unknown> }));
    },
    count: async () => (await database.read(() => value<number>('SELECT COUNT(*) FROM items WHERE properties IS NOT NULL')))!,
  };
}
