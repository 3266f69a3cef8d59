import { all, get, run, value, type Database, type Step } from '../database';
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

const SQL = {
  byId: 'SELECT * FROM clusters WHERE id = ?',
  byName: 'SELECT id FROM clusters WHERE cluster_name = ?',
  insertIds: 'INSERT INTO cluster_import_ids (cluster_id, position, tag_value, id_value) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  insert: `INSERT INTO clusters (project_id, cluster_name, display_name, catalog, cluster_type, remarks, definition, defined_at, created_at, refresh_state)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued') RETURNING id`,
  update: `UPDATE clusters SET project_id = ?, cluster_name = ?, display_name = ?, catalog = ?, cluster_type = ?, remarks = ?, definition = ?, defined_at = ?, refresh_state = 'queued', refresh_error = NULL WHERE id = ?`,
};

/**
 * The clusters' own tables (cluster-schema.ts), on either store: add, update, delete, list,
 * members, and each user's clusters and tags. The refresh's SQL is in cluster-sql.ts.
 *
 * @example const store = createClusterStore(database); const id = await store.add(spec, Date.now());
 */
export function createClusterStore(database: Database) {
  function* assertNameFree(name: string, self?: number): Step<void> {
    const holder = yield* value<number>(SQL.byName, name);
    if (holder !== undefined && holder !== self) throw new OpenApiError(409, 'clusterName: "' + name + '" is taken by cluster ' + holder + '; names are unique across clusters and tags');
  }

  function* writeImportIds(id: number, spec: ClusterSpec): Step<void> {
    yield* run('DELETE FROM cluster_import_ids WHERE cluster_id = ?', id);
    for (const [position, clusterValue] of spec.values.entries()) {
      for (const idValue of clusterValue.ids ?? []) yield* run(SQL.insertIds, id, position, clusterValue.tagValue, idValue);
    }
  }

  return {
    get: (id: number) => database.read(() => get<ClusterRow>(SQL.byId, id)),
    /** The checked spec a stored row was made from. */
    specOf(row: ClusterRow): ClusterSpec {
      return parseClusterSpec({ ...bodyOf(row), ...(JSON.parse(row.definition) as object) });
    },
    /** The stored body an update is laid over. */
    bodyOf,
    add: (spec: ClusterSpec, now: number): Promise<number> =>
      database.write(function* () {
        yield* assertNameFree(spec.clusterName);
        const id = (yield* value<number>(SQL.insert, spec.projectId, spec.clusterName, spec.displayName, spec.catalog, spec.type, spec.remarks, JSON.stringify(spec.definition), now, now))!;
        yield* writeImportIds(id, spec);
        return id;
      }),
    update: (id: number, spec: ClusterSpec, now: number): Promise<void> =>
      database.write(function* () {
        yield* assertNameFree(spec.clusterName, id);
        yield* run(SQL.update, spec.projectId, spec.clusterName, spec.displayName, spec.catalog, spec.type, spec.remarks, JSON.stringify(spec.definition), now, id);
        yield* writeImportIds(id, spec);
      }),
    remove: (id: number): Promise<void> =>
      database.write(function* () {
        for (const table of ['cluster_members', 'cluster_import_ids']) yield* run('DELETE FROM ' + table + ' WHERE cluster_id = ?', id);
        yield* run('DELETE FROM clusters WHERE id = ?', id);
      }),
    setState: (id: number, state: RefreshState, error: string | null = null): Promise<void> =>
      database.write(function* () {
        yield* run('UPDATE clusters SET refresh_state = ?, refresh_error = ? WHERE id = ?', state, error, id);
      }),
    /** Clusters a stop interrupted (queued or running), oldest first: they are refreshed again. */
    interrupted: async (): Promise<number[]> => (await database.query<{ id: number }>("SELECT id FROM clusters WHERE refresh_state IN ('queued', 'running') ORDER BY id")).map((row) => row.id),
    list(filter: { catalog?: string; types?: string[]; pageNum: number; pageSize: number }): Promise<{ total: number; rows: ClusterRow[] }> {
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
      return database.read(function* () {
        const total = (yield* value<number>('SELECT COUNT(*) FROM clusters' + clause, ...params))!;
        const rows = yield* all<ClusterRow>('SELECT * FROM clusters' + clause + ' ORDER BY id DESC LIMIT ? OFFSET ?', ...params, filter.pageSize, (filter.pageNum - 1) * filter.pageSize);
        return { total, rows };
      });
    },
    members(id: number, page: { pageNum: number; pageSize: number; tagValue?: string }): Promise<{ total: number; users: MemberRow[] }> {
      const tag = page.tagValue === undefined ? '' : ' AND m.tag_value = ?';
      const params: unknown[] = page.tagValue === undefined ? [id] : [id, page.tagValue];
      return database.read(function* () {
        const total = (yield* value<number>('SELECT COUNT(*) FROM cluster_members m WHERE m.cluster_id = ?' + tag, ...params))!;
        const users = yield* all<MemberRow>(
          `SELECT m.user_id AS "userId",
             (SELECT value FROM identity_links WHERE user_id = m.user_id AND key = '$identity_login_id') AS "loginId",
             (SELECT value FROM identity_links WHERE user_id = m.user_id
              ORDER BY key = '$identity_login_id' DESC, key = '$identity_anonymous_id' DESC, linked_at LIMIT 1) AS "distinctId",
             m.tag_value AS "tagValue"
           FROM cluster_members m WHERE m.cluster_id = ?${tag} ORDER BY m.user_id LIMIT ? OFFSET ?`,
          ...params,
          page.pageSize,
          (page.pageNum - 1) * page.pageSize,
        );
        return { total, users };
      });
    },
    /** How many users hold each tag value (a cluster: one row, tagValue null). */
    valueCounts(id: number): Promise<{ tagValue: string | null; usersNum: number }[]> {
      return database.read(() => all('SELECT tag_value AS "tagValue", COUNT(*) AS "usersNum" FROM cluster_members WHERE cluster_id = ? GROUP BY tag_value ORDER BY tag_value', id));
    },
    /** The clusters a user is in and the tags it holds, as of their last refresh. */
    ofUser(userId: number): Promise<{ clusterId: number; clusterName: string; displayName: string; clusterCatalog: Catalog; tagValue: string | null }[]> {
      return database.read(() =>
        all(
          `SELECT c.id AS "clusterId", c.cluster_name AS "clusterName", c.display_name AS "displayName", c.catalog AS "clusterCatalog", m.tag_value AS "tagValue"
           FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id WHERE m.user_id = ? ORDER BY c.id`,
          userId,
        ),
      );
    },
  };
}

export type ClusterStore = ReturnType<typeof createClusterStore>;

function bodyOf(row: ClusterRow): Record<string, unknown> {
  return { projectId: row.project_id, clusterName: row.cluster_name, displayName: row.display_name, clusterCatalog: row.catalog, clusterType: row.cluster_type, remarks: row.remarks };
}
