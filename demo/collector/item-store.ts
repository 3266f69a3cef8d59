import type { Database } from 'better-sqlite3';
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
  apply(items: ValidItem[], receivedAt: number): number;
  /** Items that exist (not deleted), most recently changed first; `type` narrows to one item type. */
  list(options?: { type?: string; limit?: number }): ItemRow[];
  /** How many items exist. */
  count(): number;
}

/**
 * Keeps Sensors items: `item_set` replaces an item's properties, `item_delete` removes it. The
 * operation with the latest client `time` wins, whatever order they arrive in, so a retried
 * old `item_set` cannot bring back a deleted item (a delete leaves a row with NULL properties).
 *
 * @example createItemStore(db).apply([{ type: 'item_set', item_type: 'book', item_id: 'b1', properties: {}, time }], Date.now())
 */
export function createItemStore(db: Database): ItemStore {
  const upsert = db.prepare<[string, string, string | null, number, number]>(
    `INSERT INTO items (item_type, item_id, properties, time, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (item_type, item_id) DO UPDATE SET properties = excluded.properties, time = excluded.time, updated_at = excluded.updated_at
     WHERE excluded.time >= items.time`,
  );
  const apply = db.transaction((items: ValidItem[], receivedAt: number) => {
    let changed = 0;
    for (const item of items) {
      const properties = item.type === 'item_set' ? JSON.stringify(item.properties) : null;
      changed += upsert.run(item.item_type, item.item_id, properties, Math.round(item.time), receivedAt).changes;
    }
    return changed;
  });
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM items WHERE properties IS NOT NULL').pluck();
  return {
    apply: (items, receivedAt) => apply.immediate(items, receivedAt),
    list({ type, limit = 100 } = {}) {
      const where = 'WHERE properties IS NOT NULL' + (type === undefined ? '' : ' AND item_type = ?');
      const rows = db
        .prepare(`SELECT item_type, item_id, properties, time, updated_at FROM items ${where} ORDER BY updated_at DESC, item_type, item_id LIMIT ?`)
        .all(...(type === undefined ? [] : [type]), Math.max(1, Math.min(500, Math.floor(limit) || 1))) as (Omit<ItemRow, 'properties'> & { properties: string })[];
      return rows.map((row) => ({ ...row, properties: JSON.parse(row.properties) as Record<string, unknown> }));
    },
    count: () => count.get()!,
  };
}
