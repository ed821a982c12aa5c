/**
 * Per-bucket rules (TabletService.authorizeRequestData): buckets of tables the principal may not
 * READ get error_code 48 "No permission to READ table t in database db" (unknown table ids get
 * 21), the other buckets are served.
 * - FETCH_LOG: denied tables are cut out of the forwarded request and their bucket errors are
 *   appended to the backend's answer; when nothing is left the gateway answers alone. Fetches
 *   claiming to come from a follower are refused (follower.ts).
 * - LOOKUP / PREFIX_LOOKUP name one table, so either every bucket is served or every bucket gets
 *   the error (answered by the gateway). LOOKUP with insert_if_not_exists needs WRITE and a
 *   historical lookup (first bucket carries original_partition_name) READ, as whole requests.
 */
import { decodeMessage, encodeMessage } from '../../../protocol/fluss/proto-message.js';
import { filterRepeatedField } from '../../../protocol/fluss/rewrite.js';
import { checkTableIds, forwardAsIs, forwardBody, respondOk, type AuthzCall, type Outcome } from './call.js';
import { refuseFollower } from './follower.js';
import { bucketError, type TableRef } from './texts.js';
import { BucketErrorsResponse, FetchErrorsResponse, FetchLogView, LookupView, TableIdField1 } from './views.js';
import { PrefixLookupRequest } from '../../../protocol/fluss/messages/kv.js';
import type { Verdict } from '../../../proxy/protocol.js';

type Paths = Map<bigint, TableRef | undefined>;
type BucketErr = { error_code: number; error_message: string };

/** The per-table errors for the ids the principal may not read (empty map: all readable). */
function deniedTables(c: AuthzCall, ids: readonly bigint[], paths: Paths): Map<bigint, BucketErr> {
  const denied = new Map<bigint, BucketErr>();
  for (const id of ids) {
    const t = paths.get(id);
    if (!t) {
      if (!c.access.unknownTable(c.info.api, 'READ', id)) denied.set(id, bucketError(c.access.ctx, 'READ', id, undefined));
    } else if (!c.access.allowTable(c.info.api, 'READ', t)) {
      denied.set(id, bucketError(c.access.ctx, 'READ', id, t));
    }
  }
  return denied;
}

function withPaths(c: AuthzCall, ids: bigint[], then: (paths: Paths) => Verdict | null): Outcome {
  const paths = c.access.tables.lookupAll(ids);
  return paths instanceof Promise ? paths.then((p) => then(p) ?? forwardAsIs(c)) : then(paths);
}

export function fetchLog(c: AuthzCall): Outcome {
  const req = c.request.decoded(FetchLogView);
  const refused = refuseFollower(c, req.follower_server_id);
  if (refused) return refused;
  const ids = [...new Set(req.tables_req.map((t) => t.table_id))];
  return withPaths(c, ids, (paths) => {
    const denied = deniedTables(c, ids, paths);
    if (denied.size === 0) return null;
    const tables_resp = req.tables_req
      .filter((t) => denied.has(t.table_id))
      .map((t) => ({
        table_id: t.table_id,
        buckets_resp: t.buckets_req.map((b) => ({ partition_id: b.partition_id, bucket_id: b.bucket_id, ...denied.get(t.table_id) })),
      }));
    const errors = encodeMessage(FetchErrorsResponse, { tables_resp });
    if (tables_resp.length === req.tables_req.length) return respondOk(c.info, errors);
    const body = filterRepeatedField(c.body, 3, (entry) => !denied.has(decodeMessage(TableIdField1, entry).table_id));
    c.expect({ kind: 'append-fetch-errors', entries: errors });
    return forwardBody(c, body ?? c.body);
  });
}

/** What LOOKUP and PREFIX_LOOKUP requests have in common: one table, its buckets. */
interface OneTableBuckets {
  table_id: bigint;
  buckets_req: Array<{ partition_id?: bigint; bucket_id: number }>;
}

function allBucketsOrNone(c: AuthzCall, req: OneTableBuckets): Outcome {
  return withPaths(c, [req.table_id], (paths) => {
    const err = deniedTables(c, [req.table_id], paths).get(req.table_id);
    if (!err) return null;
    const buckets_resp = req.buckets_req.map((b) => ({ partition_id: b.partition_id, bucket_id: b.bucket_id, ...err }));
    return respondOk(c.info, encodeMessage(BucketErrorsResponse, { buckets_resp }));
  });
}

export function lookup(c: AuthzCall): Outcome {
  const req = c.request.decoded(LookupView);
  if (req.insert_if_not_exists) return checkTableIds(c, [req.table_id], 'WRITE');
  if (req.buckets_req[0]?.original_partition_name !== undefined) return checkTableIds(c, [req.table_id], 'READ');
  return allBucketsOrNone(c, req);
}

export function prefixLookup(c: AuthzCall): Outcome {
  return allBucketsOrNone(c, c.request.decoded(PrefixLookupRequest));
}
