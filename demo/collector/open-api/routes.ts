import type { IncomingMessage, ServerResponse } from 'node:http';
import { tokenMatches } from './api-token';
import { answer, detail, listItem } from './answers';
import { parseClusterSpec } from './cluster-body';
import type { ClusterRow, ClusterStore } from './cluster-store';
import { show } from './definition';
import { badField, OpenApiError } from './open-api-error';
import { readJsonBody } from './read-json-body';
import type { RefreshRunner } from './refresh-runner';

export interface OpenApiDeps {
  store: ClusterStore;
  runner: RefreshRunner;
  token: string;
  timeZone: string;
  now: () => number;
  maxBodyBytes: number;
}

type Handler = (call: Call) => Promise<void> | void;
interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  deps: OpenApiDeps;
}

const MAX_PAGE_SIZE = 1000;

// Seed 003's paths and methods, plus user-cluster-users (the members, paged).
const ROUTES: Record<string, ['GET' | 'POST', Handler]> = {
  '/open/user-cluster-add': ['POST', add],
  '/open/user-cluster-detail': ['GET', showDetail],
  '/open/user-cluster-update': ['POST', update],
  '/open/user-cluster-delete': ['POST', remove],
  '/open/user-cluster-list': ['POST', list],
  '/open/user-cluster-refresh': ['POST', refresh],
  '/open/user-cluster-refresh-progress': ['GET', async ({ res, url, deps }) => answer(res, 0, 'success', deps.runner.status(await cluster(url, deps)))],
  '/open/user-cluster-users': ['GET', users],
};

/**
 * Answers a request under `/open/`: checks the `token` before anything else (a wrong or
 * missing one changes nothing), the method, then runs the endpoint. Every refusal is a JSON
 * answer with a non-zero `return_code` and a `return_message` naming the problem.
 *
 * @example if (url.pathname.startsWith('/open/')) return handleOpenApi(req, res, url, deps);
 */
export async function handleOpenApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: OpenApiDeps): Promise<void> {
  try {
    const token = url.searchParams.get('token');
    if (!tokenMatches(token, deps.token)) {
      throw new OpenApiError(401, token ? 'the token is wrong' : 'the token query parameter is missing (…?token=<TRACKLET_API_TOKEN>)');
    }
    const route = ROUTES[url.pathname];
    if (!route) throw new OpenApiError(404, 'no such open API: ' + url.pathname + '; see demo/collector/README.md for the list');
    if (req.method !== route[0]) throw new OpenApiError(405, url.pathname + ' takes ' + route[0] + '; got ' + req.method);
    await route[1]({ req, res, url, deps });
  } catch (error) {
    // The rest of a refused body is drained so the client can read the answer.
    req.resume();
    if (error instanceof OpenApiError) return answer(res, error.code, error.message);
    console.error('[collector] ' + req.method + ' ' + url.pathname + ' failed:', error);
    if (!res.headersSent) answer(res, 500, 'internal error: ' + (error instanceof Error ? error.message : String(error)));
  }
}

async function add({ req, res, deps }: Call): Promise<void> {
  const spec = parseClusterSpec(await readJsonBody(req, deps.maxBodyBytes));
  const id = await deps.store.add(spec, deps.now());
  await deps.runner.request(id);
  answer(res, 0, 'success', id);
}

async function showDetail({ res, url, deps }: Call): Promise<void> {
  const row = await cluster(url, deps);
  answer(res, 0, 'success', detail(row, deps.runner.status(row), row.catalog === 'catalog_tag' ? await deps.store.valueCounts(row.id) : undefined, deps.timeZone));
}

async function update({ req, res, url, deps }: Call): Promise<void> {
  const body = await readJsonBody(req, deps.maxBodyBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badField('body', 'expected a JSON object; got ' + show(body));
  const given = body as Record<string, unknown>;
  const row = await cluster(url, deps, given.clusterId);
  const stored = { ...deps.store.bodyOf(row), ...(JSON.parse(row.definition) as object) };
  // A new type without a catalog takes the catalog of that type, not the stored one.
  if (given.clusterType !== undefined && given.clusterCatalog === undefined) delete stored.clusterCatalog;
  const spec = parseClusterSpec({ ...stored, ...given });
  deps.runner.cancel(row.id);
  await deps.store.update(row.id, spec, deps.now());
  await deps.runner.request(row.id);
  answer(res, 0, 'success');
}

async function remove({ res, url, deps }: Call): Promise<void> {
  const row = await cluster(url, deps);
  deps.runner.cancel(row.id);
  await deps.store.remove(row.id);
  answer(res, 0, 'success');
}

async function list({ req, res, deps }: Call): Promise<void> {
  const raw = await readJsonBody(req, deps.maxBodyBytes, {});
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badField('body', 'expected a JSON object; got ' + show(raw));
  const body = raw as { clusterCatalog?: unknown; clusterTypes?: unknown; pagerHeader?: { pageNum?: unknown; pageSize?: unknown } };
  if (body.clusterCatalog !== undefined && body.clusterCatalog !== 'catalog_cluster' && body.clusterCatalog !== 'catalog_tag') {
    throw badField('clusterCatalog', 'expected catalog_cluster or catalog_tag; got ' + show(body.clusterCatalog));
  }
  if (body.clusterTypes !== undefined && (!Array.isArray(body.clusterTypes) || !body.clusterTypes.every((type) => typeof type === 'string'))) {
    throw badField('clusterTypes', 'expected a list of cluster types; got ' + show(body.clusterTypes));
  }
  const pageNum = pageNumber(body.pagerHeader?.pageNum, 'pagerHeader.pageNum', 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, pageNumber(body.pagerHeader?.pageSize, 'pagerHeader.pageSize', 10));
  const { total, rows } = await deps.store.list({ ...(body.clusterCatalog ? { catalog: body.clusterCatalog } : {}), ...(body.clusterTypes ? { types: body.clusterTypes as string[] } : {}), pageNum, pageSize });
  answer(res, 0, 'success', {
    pagerResult: { pageNum, pageSize, totalNum: total },
    userClusters: rows.map((row) => listItem(row, deps.runner.status(row), deps.timeZone)),
  });
}

async function refresh({ res, url, deps }: Call): Promise<void> {
  const row = await cluster(url, deps);
  if (row.cluster_type === 'cluster_by_result') throw new OpenApiError(409, 'cluster ' + row.id + ' is a cluster_by_result: a saved result, computed when added or updated, is not refreshed');
  await deps.runner.request(row.id);
  answer(res, 0, 'success');
}

async function users({ res, url, deps }: Call): Promise<void> {
  const row = await cluster(url, deps);
  const pageNum = pageNumber(url.searchParams.get('pageNum') ?? undefined, 'pageNum', 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, pageNumber(url.searchParams.get('pageSize') ?? undefined, 'pageSize', 100));
  const tagValue = url.searchParams.get('tagValue');
  const { total, users } = await deps.store.members(row.id, { pageNum, pageSize, ...(tagValue === null ? {} : { tagValue }) });
  answer(res, 0, 'success', { pagerResult: { pageNum, pageSize, totalNum: total }, users: row.catalog === 'catalog_tag' ? users : users.map(({ tagValue: _, ...user }) => user) });
}

function clusterId(url: URL, fallback?: unknown): number {
  const text = url.searchParams.get('clusterId') ?? (fallback === undefined ? null : String(fallback));
  const id = Number(text);
  if (text === null || text.trim() === '' || !Number.isSafeInteger(id) || id < 1) throw badField('clusterId', text === null ? 'missing (…&clusterId=<id>)' : 'expected a cluster id; got ' + show(text));
  return id;
}

async function cluster(url: URL, deps: OpenApiDeps, fallback?: unknown): Promise<ClusterRow> {
  const id = clusterId(url, fallback);
  const row = await deps.store.get(id);
  if (!row) throw new OpenApiError(404, 'no cluster or tag has id ' + id);
  return row;
}

function pageNumber(value: unknown, path: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw badField(path, 'expected a whole number from 1; got ' + show(value));
  return number;
}
