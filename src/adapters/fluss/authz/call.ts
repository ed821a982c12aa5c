/**
 * What every rule handler gets (one request, its rule, the connection's access) and the small
 * verdict builders they share. A handler returns null to let the request go on unchanged, a
 * verdict (answer locally, or forward a rewritten frame), or a promise of one when a table id
 * had to be asked of the backend. `expect()` asks for the backend's answer to come back through
 * the stage with a ResponseAction (filtering, merging, learning table ids). `request` carries the
 * body the guard decoded: `c.request.decoded(TheApisRequest)` reads it without a second walk.
 */
import { encodeRequestFrame, encodeResponseFrame, type RequestHeader } from '../../../protocol/fluss/frame.js';
import type { RequestInfo, Verdict } from '../../../proxy/protocol.js';
import type { PendingResponses } from '../../pending-responses.js';
import type { FlussRequest } from '../request.js';
import type { FlussAccess } from './access.js';
import type { FlussAuthzRule } from './rules.js';
import { denyFrame, unknownTableFrame, type TableRef } from './texts.js';

/** What the stage does with the backend's answer to a request it let through. */
export type ResponseAction =
  /** GET_TABLE_INFO / GET_LATEST_KV_SNAPSHOTS / GET_LAKE_SNAPSHOT: table_id (field 1) names `table`. */
  | { kind: 'learn-id'; table: TableRef }
  /** GET_METADATA: learn ids, drop partitions of tables the principal may not DESCRIBE. */
  | { kind: 'metadata' }
  | { kind: 'list-databases' }
  | { kind: 'list-tables'; database: string }
  /** GET_PRODUCER_OFFSETS: drop tables the principal may not READ. */
  | { kind: 'producer-offsets' }
  /** FETCH_LOG with some tables denied: append these encoded `tables_resp` entries. */
  | { kind: 'append-fetch-errors'; entries: Buffer }
  /** SCAN_KV: remember the scanner ids this connection was given. */
  | { kind: 'scan-kv'; scannerId: string | null };

export class AuthzCall {
  readonly header: RequestHeader;
  readonly body: Buffer;
  readonly frame: Buffer;

  constructor(
    readonly rule: FlussAuthzRule,
    readonly request: FlussRequest,
    readonly info: RequestInfo,
    readonly access: FlussAccess,
    private readonly answers: PendingResponses<ResponseAction>,
  ) {
    this.header = request.header;
    this.body = request.body;
    this.frame = request.frame;
  }

  /** Have the backend's answer come back through the stage, to do `action` with it. */
  expect(action: ResponseAction): void {
    this.answers.expect(this.info, action);
  }
}

export type Outcome = Verdict | Promise<Verdict> | null;

export function respond(info: RequestInfo, frame: Buffer): Verdict {
  return { kind: 'respond', info, frame };
}

/** A local SUCCESS answer with `body`. */
export function respondOk(info: RequestInfo, body: Buffer): Verdict {
  return { kind: 'respond', info, frame: encodeResponseFrame(0, info.id, body) };
}

/** Forwards the request with a new body (same api key, version and request id). */
export function forwardBody(c: AuthzCall, body: Buffer): Verdict {
  return { kind: 'forward', info: c.info, frame: encodeRequestFrame(c.header.apiKey, c.header.apiVersion, c.header.requestId, body) };
}

/** Forward the original frame; used where a promise must resolve to "go on". */
export function forwardAsIs(c: AuthzCall): Verdict {
  return { kind: 'forward', info: c.info, frame: c.frame };
}

/** ERROR_RESPONSE 48 naming the rule's operation on one resource. */
export function deny(c: AuthzCall, resourceType: string, resourceName: string, operation = c.rule.operation as string): Verdict {
  return respond(c.info, denyFrame(c.info, c.access.ctx, operation, resourceType, resourceName));
}

/** The rule's operation on one named resource: null to go on, else the whole-request denial. */
export function checkNamed(c: AuthzCall, resourceType: string, resourceName: string): Verdict | null {
  return c.access.allow(c.info.api, c.rule.operation as string, resourceType, resourceName) ? null : deny(c, resourceType, resourceName);
}

/**
 * The rule's operation on every table id, in order: the first unknown id answers 21, the first
 * denied table 48. null (or a promise of forwarding) when all pass.
 */
export function checkTableIds(c: AuthzCall, ids: readonly bigint[], operation = c.rule.operation as string): Outcome {
  const decideAll = (paths: Map<bigint, TableRef | undefined>): Verdict | null => {
    for (const id of ids) {
      const t = paths.get(id);
      if (!t) {
        if (!c.access.unknownTable(c.info.api, operation, id)) return respond(c.info, unknownTableFrame(c.info, c.access.ctx, id));
        continue;
      }
      if (!c.access.allowTable(c.info.api, operation, t)) return deny(c, 'TABLE', t.name, operation);
    }
    return null;
  };
  const paths = c.access.tables.lookupAll(ids);
  if (paths instanceof Promise) return paths.then((p) => decideAll(p) ?? forwardAsIs(c));
  return decideAll(paths);
}
