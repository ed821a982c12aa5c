/**
 * Finds the Flink route for a method and a canonical (decoded, version-stripped) segment list,
 * or recognises a static web UI asset. Matching is per whole segment: a `:param` never spans a
 * `/`, and the job id must be 32 hex digits (it is lower-cased, as Flink parses it either way, so
 * an ACL on a job matches however the client spelled it).
 */
import { FLINK_CLUSTER_NAME, FLINK_ROUTES, REST_ROOTS, type FlinkRoute, type FlinkResourceType, type FlinkOperation } from './flink-routes.js';

export type RouteMatch =
  | {
      kind: 'api';
      route: FlinkRoute;
      params: Record<string, string>;
      resourceType: FlinkResourceType;
      resourceName: string;
      operation: FlinkOperation;
    }
  /** Web UI file: any authenticated principal may fetch it. */
  | { kind: 'asset' }
  | { kind: 'unknown' };

interface Compiled {
  route: FlinkRoute;
  parts: Array<{ literal: string } | { param: string }>;
}

const COMPILED: Compiled[] = FLINK_ROUTES.map((route) => ({
  route,
  parts: route.pattern
    .split('/')
    .slice(1)
    .map((p) => (p.startsWith(':') ? { param: p.slice(1) } : { literal: p })),
}));

const JOB_ID = /^[0-9a-fA-F]{32}$/;
const ASSET_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:html|js|mjs|css|map|ico|png|svg|jpg|jpeg|gif|woff|woff2|ttf|eot|txt|json)$/;
const ASSET_DIRS = new Set(['assets', 'libs']);

function matchOne(c: Compiled, segments: readonly string[]): Record<string, string> | null {
  if (c.parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const p = c.parts[i];
    if ('literal' in p) {
      if (p.literal !== segments[i]) return null;
    } else {
      if (p.param === 'jobid' && !JOB_ID.test(segments[i])) return null;
      params[p.param] = p.param === 'jobid' ? segments[i].toLowerCase() : segments[i];
    }
  }
  return params;
}

/** Web UI files: `/`, a file at the root, or a file below /assets or /libs (no version prefix). */
export function isAsset(method: string, segments: readonly string[], version: string | null): boolean {
  if ((method !== 'GET' && method !== 'HEAD') || version !== null) return false;
  if (segments.length === 0) return true;
  if (REST_ROOTS.has(segments[0])) return false;
  if (segments.length > 1 && !ASSET_DIRS.has(segments[0])) return false;
  return segments.slice(0, -1).every((s) => /^[A-Za-z0-9._-]+$/.test(s)) && ASSET_FILE.test(segments[segments.length - 1]);
}

export function matchRoute(method: string, segments: readonly string[], version: string | null): RouteMatch {
  const m = method === 'HEAD' ? 'GET' : method;
  for (const c of COMPILED) {
    if (c.route.method !== m) continue;
    const params = matchOne(c, segments);
    if (!params) continue;
    const job = c.route.resource === 'job';
    return {
      kind: 'api',
      route: c.route,
      params,
      resourceType: job ? 'JOB' : 'CLUSTER',
      resourceName: job ? params.jobid : FLINK_CLUSTER_NAME,
      operation: c.route.operation,
    };
  }
  return isAsset(method, segments, version) ? { kind: 'asset' } : { kind: 'unknown' };
}
