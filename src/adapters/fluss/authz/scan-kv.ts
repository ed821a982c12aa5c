/**
 * SCAN_KV (1061). Opening a scan (bucket_scan_req) needs READ on the table; like a Fluss
 * server the gateway puts the error in the ScanKvResponse body (error_code 48 with the
 * AuthorizationException text, 21 for an unknown table id), not in an ERROR_RESPONSE.
 * Fluss does not check continuations (scanner_id); the gateway only lets a connection continue
 * or close the scanners it was given itself, so a scanner id seen elsewhere is worth nothing:
 * a foreign continuation gets 67 UNKNOWN_SCANNER_ID with the server's text, a foreign close the
 * server's answer for an unknown id (no error, has_more_results = false).
 *
 *   (none) ──open answered with more results──► open ──last batch / error / close──► (none)
 */
import { decodeMessage, encodeMessage } from '../../../protocol/fluss/proto-message.js';
import { readResponseHeader, frameBody, ResponseType } from '../../../protocol/fluss/frame.js';
import { FlussError } from '../../../protocol/fluss/error-codes.js';
import { ScanKvRequest, ScanKvResponse } from '../../../protocol/fluss/messages/kv.js';
import { noAuthorization } from '../messages.js';
import { respondOk, type AuthzCall, type Outcome } from './call.js';
import { UNKNOWN_SCANNER_TEXT, unknownTableIdText, type TableRef } from './texts.js';
import type { Verdict } from '../../../proxy/protocol.js';

const MAX_OPEN_SCANNERS = 1024;
/** Fluss UNKNOWN_SCANNER_ID (not among the codes FlussError names). */
const UNKNOWN_SCANNER_ID = 67;

export class ScanTracker {
  private readonly open = new Set<string>();

  onRequest(c: AuthzCall): Outcome {
    const r = c.request.decoded(ScanKvRequest);
    if (r.bucket_scan_req) {
      const id = r.bucket_scan_req.table_id;
      const decide = (t: TableRef | undefined): Verdict | null => {
        if (!t) {
          if (c.access.unknownTable(c.info.api, 'READ', id)) return null;
          return respondOk(c.info, encodeMessage(ScanKvResponse, { error_code: FlussError.UNKNOWN_TABLE_OR_BUCKET_EXCEPTION, error_message: unknownTableIdText(c.access.ctx, id) }));
        }
        if (!c.access.allowTable(c.info.api, 'READ', t)) {
          const text = noAuthorization(c.access.ctx.principal, 'READ', 'TABLE', t.name);
          return respondOk(c.info, encodeMessage(ScanKvResponse, { error_code: FlussError.AUTHORIZATION_EXCEPTION, error_message: text }));
        }
        c.expect({ kind: 'scan-kv', scannerId: null });
        return null;
      };
      const t = c.access.tables.lookup(id);
      return t instanceof Promise ? t.then((x) => decide(x) ?? { kind: 'forward', info: c.info, frame: c.frame }) : decide(t);
    }
    if (r.scanner_id) {
      const key = r.scanner_id.toString('hex');
      if (!this.open.has(key)) {
        c.access.ctx.log.warn({ err: 'SW_ERR_AUTHZ_DENIED', principal: c.access.ctx.principal, api: c.info.api }, 'scanner id not issued to this connection');
        if (r.close_scanner) return respondOk(c.info, encodeMessage(ScanKvResponse, { scanner_id: r.scanner_id, has_more_results: false }));
        return respondOk(c.info, encodeMessage(ScanKvResponse, { error_code: UNKNOWN_SCANNER_ID, error_message: UNKNOWN_SCANNER_TEXT }));
      }
      c.expect({ kind: 'scan-kv', scannerId: key });
    }
    return null;
  }

  onResponse(requested: string | null, frame: Buffer): Buffer {
    const h = readResponseHeader(frame);
    if (h.type !== ResponseType.SUCCESS) {
      if (requested) this.open.delete(requested);
      return frame;
    }
    const r = decodeMessage(ScanKvResponse, frameBody(frame, h));
    const given = r.scanner_id ? r.scanner_id.toString('hex') : null;
    if (r.error_code !== undefined && r.error_code !== FlussError.NONE) {
      if (requested) this.open.delete(requested);
    } else if (given && r.has_more_results) {
      this.open.add(given);
      if (this.open.size > MAX_OPEN_SCANNERS) this.open.delete(this.open.values().next().value as string);
    } else {
      if (given) this.open.delete(given);
      if (requested) this.open.delete(requested);
    }
    return frame;
  }

  /** Scanner ids this connection may continue (for tests and diagnostics). */
  get openScanners(): number {
    return this.open.size;
  }
}
