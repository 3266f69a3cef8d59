import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-utils';
import type { ClusterRow } from './cluster-store';
import type { RefreshStatus } from './refresh-runner';
import { formatWallTime } from './zoned-time';

/** The open API has one user, the holder of the token; the seed's answers name a creator. */
export const API_USER = { userId: 1, userName: 'api' };

/**
 * Sends the seed's answer shape: `{ return_code, return_message, data? }`, with the HTTP status
 * equal to `return_code` for a refusal (200 with `return_code` 0 on success).
 *
 * @example answer(res, 0, 'success', 970);
 */
export function answer(res: ServerResponse, code: number, message: string, data?: unknown): void {
  sendJson(res, code === 0 ? 200 : code, data === undefined ? { return_code: code, return_message: message } : { return_code: code, return_message: message, data });
}

/**
 * One cluster as the list answers it (the seed's `userClusters` items), plus its catalog and
 * refresh state.
 */
export function listItem(row: ClusterRow, status: RefreshStatus, timeZone: string) {
  return {
    clusterName: row.cluster_name,
    clusterCatalog: row.catalog,
    clusterType: row.cluster_type,
    displayName: row.display_name,
    id: row.id,
    progress: status.progress,
    refreshState: status.state,
    refreshTime: row.refresh_time === null ? null : formatWallTime(row.refresh_time, timeZone),
    remarks: row.remarks,
    ...API_USER,
    usersNum: row.users_num,
  };
}

/**
 * One cluster as the detail answers it: the seed's fields (`userClusterDef` is the `qp` as it
 * was given), `tagQp` or the import lists for the other kinds, each tag value's count, and the
 * last refresh error if any.
 */
export function detail(row: ClusterRow, status: RefreshStatus, valueCounts: { tagValue: string | null; usersNum: number }[] | undefined, timeZone: string) {
  const definition = JSON.parse(row.definition) as Record<string, unknown>;
  const { qp, ...rest } = definition;
  return {
    clusterName: row.cluster_name,
    clusterCatalog: row.catalog,
    clusterType: row.cluster_type,
    displayName: row.display_name,
    id: row.id,
    progress: status.progress,
    refreshState: status.state,
    ...(row.refresh_error ? { refreshError: row.refresh_error } : {}),
    projectId: row.project_id,
    refreshTime: row.refresh_time === null ? null : formatWallTime(row.refresh_time, timeZone),
    remarks: row.remarks,
    ...(qp === undefined ? {} : { userClusterDef: qp }),
    ...rest,
    ...(valueCounts ? { tagValueUsersNum: valueCounts } : {}),
    userId: API_USER.userId,
    usersNum: row.users_num,
  };
}
