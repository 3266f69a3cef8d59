import { parseClusterDef, show, type ClusterDef } from './definition';
import { badField } from './open-api-error';

export const CLUSTER_TYPES = [
  'cluster_by_dynamic_condition',
  'cluster_by_static_condition',
  'cluster_by_result',
  'cluster_by_import',
  'tag_by_dynamic_condition',
  'tag_by_static_condition',
  'tag_by_import',
] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];
export type Catalog = 'catalog_cluster' | 'catalog_tag';

/** One value of a tag (a cluster has one, with `tagValue` null): its condition or its IDs. */
export interface ClusterValue {
  tagValue: string | null;
  def?: ClusterDef;
  ids?: string[];
}

/** An add or update body, checked. `definition` is what is stored and shown back as given. */
export interface ClusterSpec {
  projectId: number | null;
  clusterName: string;
  displayName: string;
  catalog: Catalog;
  type: ClusterType;
  remarks: string;
  definition: Record<string, unknown>;
  values: ClusterValue[];
}

const MAX_NAME = 100;
const MAX_TAG_VALUES = 100;

/**
 * Checks an add body of seed 003: names, catalog and type,
 * then `qp` (condition and result clusters), `tagQp.userTagValueDefs` (condition tags),
 * `importIds` (import clusters) or `tagImports` (import tags). An update is checked as the
 * stored body with the update's fields laid over it. Throws an OpenApiError (400) naming the
 * first field at fault.
 *
 * @example parseClusterSpec(JSON.parse(body)).values[0].def.events.length // 1
 */
export function parseClusterSpec(input: unknown): ClusterSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw badField('body', 'expected a JSON object; got ' + show(input));
  const body = input as Record<string, unknown>;
  const clusterName = text(body.clusterName, 'clusterName');
  const displayName = body.displayName === undefined ? clusterName : text(body.displayName, 'displayName');
  const type = body.clusterType as ClusterType;
  if (!CLUSTER_TYPES.includes(type)) throw badField('clusterType', 'expected one of ' + CLUSTER_TYPES.join(', ') + '; got ' + show(body.clusterType));
  const catalog: Catalog = type.startsWith('tag_') ? 'catalog_tag' : 'catalog_cluster';
  if (body.clusterCatalog !== undefined && body.clusterCatalog !== catalog) throw badField('clusterCatalog', type + ' belongs to ' + catalog + '; got ' + show(body.clusterCatalog));
  const projectId = body.projectId === undefined || body.projectId === null ? null : Number(body.projectId);
  if (projectId !== null && !Number.isInteger(projectId)) throw badField('projectId', 'expected a whole number; got ' + show(body.projectId));
  const remarks = body.remarks === undefined || body.remarks === null ? '' : String(body.remarks);
  const spec = { projectId, clusterName, displayName, catalog, type, remarks };
  if (type === 'cluster_by_import') {
    const ids = idList(body.importIds, 'importIds');
    return { ...spec, definition: { importIds: ids }, values: [{ tagValue: null, ids }] };
  }
  if (type === 'tag_by_import') {
    const lists = tagValues(body.tagImports, 'tagImports').map((item, i) => ({ tagValue: tagValue(item, 'tagImports[' + i + ']'), ids: idList(item.ids, 'tagImports[' + i + '].ids') }));
    return { ...spec, definition: { tagImports: body.tagImports }, values: unique(lists, 'tagImports') };
  }
  if (catalog === 'catalog_tag') {
    const tagQp = body.tagQp as { userTagValueDefs?: unknown } | undefined;
    if (typeof tagQp !== 'object' || tagQp === null) throw badField('tagQp', 'expected { "userTagValueDefs": [...] }; got ' + show(tagQp));
    const defs = tagValues(tagQp.userTagValueDefs, 'tagQp.userTagValueDefs').map((item, i) => {
      const path = 'tagQp.userTagValueDefs[' + i + ']';
      return { tagValue: tagValue(item, path), def: parseClusterDef(item.userClusterDef, path + '.userClusterDef') };
    });
    return { ...spec, definition: { tagQp }, values: unique(defs, 'tagQp.userTagValueDefs') };
  }
  return { ...spec, definition: { qp: body.qp }, values: [{ tagValue: null, def: parseClusterDef(body.qp, 'qp') }] };
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || !value.trim() || value.length > MAX_NAME) throw badField(path, 'expected a non-empty string of at most ' + MAX_NAME + ' characters; got ' + show(value));
  return value;
}

function tagValues(value: unknown, path: string): Record<string, unknown>[] {
  if (!Array.isArray(value) || !value.length || value.length > MAX_TAG_VALUES) throw badField(path, 'expected a list of 1 to ' + MAX_TAG_VALUES + ' tag values; got ' + show(value));
  return value.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badField(path + '[' + i + ']', 'expected an object; got ' + show(item));
    return item as Record<string, unknown>;
  });
}

function tagValue(item: Record<string, unknown>, path: string): string {
  return text(typeof item.tagValue === 'number' ? String(item.tagValue) : item.tagValue, path + '.tagValue');
}

function unique<T extends { tagValue: string | null }>(values: T[], path: string): T[] {
  const seen = new Set<string | null>();
  values.forEach((value, i) => {
    if (seen.has(value.tagValue)) throw badField(path + '[' + i + '].tagValue', 'repeats ' + show(value.tagValue));
    seen.add(value.tagValue);
  });
  return values;
}

function idList(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw badField(path, 'expected a list of IDs (login IDs, distinct_ids, bound IDs); got ' + show(value));
  const ids = value.map((id, i) => {
    if ((typeof id !== 'string' || !id.trim()) && typeof id !== 'number') throw badField(path + '[' + i + ']', 'expected an ID; got ' + show(id));
    return String(id);
  });
  return [...new Set(ids)];
}
