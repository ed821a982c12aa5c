/**
 * A step in a protocol session's request pipeline (authentication, authorization, ...). A stage
 * sees every parsed request; it returns null to let the request go on, or a verdict that ends
 * its trip (answer locally, close, or forward a rewritten frame). Stages that changed a request
 * can remember that in `info.extra` and get the backend's response back to merge or filter.
 */
import type { ConnectionContext, RequestInfo, Verdict } from '../proxy/protocol.js';

export interface RequestStage<Header> {
  onRequest(header: Header, frame: Buffer, info: RequestInfo, ctx: ConnectionContext): Verdict | Promise<Verdict> | null;
  /** The backend's response to a request this stage forwarded; returns what the client gets. */
  onResponse?(info: RequestInfo, frame: Buffer, ctx: ConnectionContext): Buffer | Promise<Buffer>;
  close?(): void;
  /**
   * Apis this stage answers itself (api key -> version range): the session advertises them in
   * every ApiVersions answer, the one answered before authentication (without stages) included.
   */
  readonly ownedApis?: ReadonlyMap<number, { min: number; max: number }>;
}

/** Null, or the first verdict a stage gives for the request. */
export function runRequestStages<H>(stages: ReadonlyArray<RequestStage<H>>, header: H, frame: Buffer, info: RequestInfo, ctx: ConnectionContext): Verdict | Promise<Verdict> | null {
  for (const stage of stages) {
    const v = stage.onRequest(header, frame, info, ctx);
    if (v) return v;
  }
  return null;
}

/** The backend's response through the stages in reverse order (those that changed the request merge back). */
export async function runResponseStages<H>(stages: ReadonlyArray<RequestStage<H>>, info: RequestInfo, frame: Buffer, ctx: ConnectionContext): Promise<Buffer> {
  let out = frame;
  for (let i = stages.length - 1; i >= 0; i--) {
    const s = stages[i];
    if (s.onResponse) out = await s.onResponse(info, out, ctx);
  }
  return out;
}
