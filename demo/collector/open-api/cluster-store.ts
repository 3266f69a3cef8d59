import type { Database } from 'better-sqlite3';
import { parseClusterSpec, type Catalog, type ClusterSpec } from './cluster-body';
import { OpenApiError } from './open-api-error';

export type RefreshState = 'idle' | 'queued' | 'running' | 'failed';

export interface ClusterRow {
  id: number;
  project_id: number | null;
  cluster_name: string;
  display_name: string;
  catalog: Catalog;
  cluster_type: ClusterSpec['type'];
  remarks: string;
  definition: string;
  defined_at: number;
  created_at: number;
  refresh_state: RefreshState;
  refresh_error: string | null;
  refresh_time: number | null;
  users_num: number;
}

export interface MemberRow {
  userId: number;
  loginId: string | null;
  /** The ID the SDK names the user by: the login ID, else an anonymous ID. */
  distinctId: string;
  tagValue: string | null;
}

/**
 * The clusters' own tables (cluster-schema.ts): add, update, delete, list, members, and each
 * user's clusters and tags. The refresh's SQL is in cluster-sql.ts.
 *
 * @example const store = createClusterStore(db); const id = store.add(spec, Date.now());
 */
export function createClusterStore(db: Database) {
  const byId = db.prepare<[number], ClusterRow>('SELECT * FROM clusters WHERE id = ?');
  const byName = db.prepare<[string], number>('SELECT id FROM clusters WHERE cluster_name = ?').pluck();
  const insertIds = db.prepare<[number, number, string | null, string]>('INSERT OR IGNORE INTO cluster_import_ids (cluster_id, position, tag_value, id_value) VALUES (?, ?, ?, ?)');

  function assertNameFree(name: string, self?: number): void {
    const holder = byName.get(name);
    if (holder !== undefined && holder !== self) throw new OpenApiError(409, 'clusterName: "' + name + '" is taken by cluster ' + holder + '; names are unique across clusters and tags');
  }

  function writeImportIds(id: number, spec: ClusterSpec): void {
    db.prepare('DELETE FROM cluster_import_ids WHERE cluster_id = ?').run(id);
    spec.values.forEach((value, position) => value.ids?.forEach((idValue) => insertIds.run(id, position, value.tagValue, idValue)));
  }

  return {
    get: (id: number) => byId.get(id),
    /** The checked spec a stored row was made from. */
    specOf(row: ClusterRow): ClusterSpec {
      return parseClusterSpec({ ...bodyOf(row), ...(JSON.parse(row.definition) as object) });
    },
    /** The stored body an update is laid over. */
    bodyOf,
    add: db.transaction((spec: ClusterSpec, now: number): number => {
      assertNameFree(spec.clusterName);
      const id = Number(
        db
          .prepare(
            `INSERT INTO clusters (project_id, cluster_name, display_name, catalog, cluster_type, remarks, definition, defined_at, created_at, refresh_state)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued')`,
          )
          .run(spec.projectId, spec.clusterName, spec.displayName, spec.catalog, spec.type, spec.remarks, JSON.stringify(spec.definition), now, now).lastInsertRowid,
      );
      writeImportIds(id, spec);
      return id;
    }),
    update: db.transaction((id: number, spec: ClusterSpec, now: number): void => {
      assertNameFree(spec.clusterName, id);
      db.prepare(
        `UPDATE clusters SET project_id = ?, cluster_name = ?, display_name = ?, catalog = ?, cluster_type = ?, remarks = ?, definition = ?, defined_at = ?, refresh_state = 'queued', refresh_error = NULL WHERE id = ?`,
      ).run(spec.projectId, spec.clusterName, spec.displayName, spec.catalog, spec.type, spec.remarks, JSON.stringify(spec.definition), now, id);
      writeImportIds(id, spec);
    }),
    remove: db.transaction((id: number): void => {
      for (const table of ['cluster_members', 'cluster_import_ids']) db.prepare('DELETE FROM ' + table + ' WHERE cluster_id = ?').run(id);
      db.prepare('DELETE FROM clusters WHERE id = ?').run(id);
    }),
    setState(id: number, state: RefreshState, error: string | null = null): void {
      db.prepare('UPDATE clusters SET refresh_state = ?, refresh_error = ? WHERE id = ?').run(state, error, id);
    },
    /** Clusters a stop interrupted (queued or running), oldest first: they are refreshed again. */
    interrupted(): number[] {
      return db.prepare("SELECT id FROM clusters WHERE refresh_state IN ('queued', 'running') ORDER BY id").pluck().all() as number[];
    },
    list(filter: { catalog?: string; types?: string[]; pageNum: number; pageSize: number }): { total: number; rows: ClusterRow[] } {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.catalog) {
        where.push('catalog = ?');
        params.push(filter.catalog);
      }
      if (filter.types?.length) {
        where.push('cluster_type IN (' + filter.types.map(() => '?').join(', ') + ')');
        params.push(...filter.types);
      }
      const clause = where.length ? ' WHERE ' + where.join(' AND ') : '';
      const total = db.prepare('SELECT COUNT(*) FROM clusters' + clause).pluck().get(...params) as number;
      const rows = db.prepare('SELECT * FROM clusters' + clause + ' ORDER BY id DESC LIMIT ? OFFSET ?').all(...params, filter.pageSize, (filter.pageNum - 1) * filter.pageSize) as ClusterRow[];
      return { total, rows };
    },
    members(id: number, page: { pageNum: number; pageSize: number; tagValue?: string }): { total: number; users: MemberRow[] } {
      const tag = page.tagValue === undefined ? '' : ' AND m.tag_value = ?';
      const params: unknown[] = page.tagValue === undefined ? [id] : [id, page.tagValue];
      const total = db.prepare('SELECT COUNT(*) FROM cluster_members m WHERE m.cluster_id = ?' + tag).pluck().get(...params) as number;
      const users = db
        .prepare(
          `SELECT m.user_id AS userId,
             (SELECT value FROM identity_links WHERE user_id = m.user_id AND key = '$identity_login_id') AS loginId,
             (SELECT value FROM identity_links WHERE user_id = m.user_id
              ORDER BY key = '$identity_login_id' DESC, key = '$identity_anonymous_id' DESC, linked_at LIMIT 1) AS distinctId,
             m.tag_value AS tagValue
           FROM cluster_members m WHERE m.cluster_id = ?${tag} ORDER BY m.user_id LIMIT ? OFFSET ?`,
        )
        .all(...params, page.pageSize, (page.pageNum - 1) * page.pageSize) as MemberRow[];
      return { total, users };
    },
    /** How many users hold each tag value (a cluster: one row, tagValue null). */
    valueCounts(id: number): { tagValue: string | null; usersNum: number }[] {
      return db.prepare('SELECT tag_value AS tagValue, COUNT(*) AS usersNum FROM cluster_members WHERE cluster_id = ? GROUP BY tag_value ORDER BY tag_value').all(id) as never;
    },
    /** The clusters a user is in and the tags it holds, as of their last refresh. */
    ofUser(userId: number): { clusterId: number; clusterName: string; displayName: string; clusterCatalog: Catalog; tagValue: string | null }[] {
      return db
        .prepare(
          `SELECT c.id AS clusterId, c.cluster_name AS clusterName, c.display_name AS displayName, c.catalog AS clusterCatalog, m.tag_value AS tagValue
           FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id WHERE m.user_id = ? ORDER BY c.id`,
        )
        .all(userId) as never;
    },
  };
}

export type ClusterStore = ReturnType<typeof createClusterStore>;

function bodyOf(row: ClusterRow): Record<string, unknown> {
  return { projectId: row.project_id, clusterName: row.cluster_name, displayName: row.display_name, clusterCatalog: row.catalog, clusterType: row.cluster_type, remarks: row.remarks };
}
