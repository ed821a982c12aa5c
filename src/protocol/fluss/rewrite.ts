/**
 * Surgical rewrites of Fluss response frames: change only the bytes that must change and copy
 * every other byte verbatim (unknown fields from newer backends, opaque table_json, field order).
 *
 * - collectMetadataServers / rewriteMetadataServers: the server nodes of a MetadataResponse
 *   (coordinator_server 1, tablet_servers 2; PbServerNode node_id 1, host 2, port 3). No other
 *   response names RPC endpoints (only UpdateMetadataRequest, a PRIVATE server-to-server call).
 * - trimApiVersions: drop entries of ApiVersionsResponse.api_versions (field 1) by api key.
 * - filterRepeatedField / filterResponseEntries: drop entries of any repeated field.
 * Non-success frames (ERROR_RESPONSE, SERVER_FAILURE) are returned unchanged. A function that
 * changes nothing returns the very Buffer it was given.
 */
import { FlussCodecError } from './codec-error.js';
import { readResponseHeader, replaceResponseBody, frameBody, ResponseType } from './frame.js';
import { FieldCursor, walkFields, toInt32, ProtoWriter, WIRE_LEN, WIRE_VARINT, type WireField } from './proto-wire.js';

export type MetadataServerType = 'coordinator' | 'tablet';

export interface MetadataServer {
  type: MetadataServerType;
  nodeId: number;
  host: string;
  port: number;
}

/** Returns the address to advertise instead, or undefined to keep the node as it is. */
export type ServerAddressMap = (node: MetadataServer) => { host: string; port: number } | undefined;

const COORDINATOR_FIELD = 1;
const TABLET_SERVERS_FIELD = 2;
const NODE_ID = 1;
const NODE_HOST = 2;
const NODE_PORT = 3;

function readServerNode(body: Buffer, f: WireField, type: MetadataServerType): { node: MetadataServer; sub: WireField[] } {
  const sub = walkFields(body, f.valueStart, f.end);
  let nodeId: number | undefined;
  let host: string | undefined;
  let port: number | undefined;
  for (const s of sub) {
    if (s.no === NODE_ID && s.wireType === WIRE_VARINT) nodeId = toInt32(s.raw);
    else if (s.no === NODE_HOST && s.wireType === WIRE_LEN) host = body.toString('utf8', s.valueStart, s.end);
    else if (s.no === NODE_PORT && s.wireType === WIRE_VARINT) port = toInt32(s.raw);
  }
  if (nodeId === undefined || host === undefined || port === undefined) {
    throw new FlussCodecError('PbServerNode: missing node_id, host or port');
  }
  return { node: { type, nodeId, host, port }, sub };
}

function serverFieldType(f: WireField): MetadataServerType | undefined {
  if (f.wireType !== WIRE_LEN) return undefined;
  if (f.no === COORDINATOR_FIELD) return 'coordinator';
  if (f.no === TABLET_SERVERS_FIELD) return 'tablet';
  return undefined;
}

/** Server nodes named by a MetadataResponse body. */
export function collectMetadataServersFromBody(body: Buffer): MetadataServer[] {
  const out: MetadataServer[] = [];
  for (const f of walkFields(body)) {
    const type = serverFieldType(f);
    if (type) out.push(readServerNode(body, f, type).node);
  }
  return out;
}

/** Rewrites host/port of the server nodes in a MetadataResponse body; undefined when unchanged. */
export function rewriteMetadataServersInBody(body: Buffer, map: ServerAddressMap): Buffer | undefined {
  const w = new ProtoWriter();
  let changed = false;
  for (const f of walkFields(body)) {
    const type = serverFieldType(f);
    const original = body.subarray(f.start, f.end);
    if (!type) {
      w.raw(original);
      continue;
    }
    const { node, sub } = readServerNode(body, f, type);
    const to = map(node);
    if (!to || (to.host === node.host && to.port === node.port)) {
      w.raw(original);
      continue;
    }
    changed = true;
    const nw = new ProtoWriter();
    for (const s of sub) {
      if (s.no === NODE_HOST && s.wireType === WIRE_LEN) nw.stringField(NODE_HOST, to.host);
      else if (s.no === NODE_PORT && s.wireType === WIRE_VARINT) nw.varintField(NODE_PORT, to.port);
      else nw.raw(body.subarray(s.start, s.end));
    }
    w.bytesField(f.no, nw.finish());
  }
  return changed ? w.finish() : undefined;
}

/** Server nodes named by a MetadataResponse success frame ([] for error frames). */
export function collectMetadataServers(frame: Buffer): MetadataServer[] {
  const h = readResponseHeader(frame);
  if (h.type !== ResponseType.SUCCESS) return [];
  return collectMetadataServersFromBody(frameBody(frame, h));
}

/**
 * Rewrites the coordinator and tablet server addresses of a MetadataResponse success frame.
 * Returns the same Buffer when nothing changes (error frames, map returned undefined for all).
 */
export function rewriteMetadataServers(frame: Buffer, map: ServerAddressMap): Buffer {
  const h = readResponseHeader(frame);
  if (h.type !== ResponseType.SUCCESS) return frame;
  const body = rewriteMetadataServersInBody(frameBody(frame, h), map);
  return body ? replaceResponseBody(frame, h, body) : frame;
}

/** Drops entries of repeated LEN field `fieldNo` for which `keep(entryBytes)` is false. */
export function filterRepeatedField(body: Buffer, fieldNo: number, keep: (entry: Buffer) => boolean): Buffer | undefined {
  // kept fields are copied as contiguous runs, so the cost is one chunk per dropped entry
  const w = new ProtoWriter();
  let changed = false;
  let runStart = 0;
  const f = new FieldCursor(body);
  while (f.next()) {
    if (f.no === fieldNo && f.wireType === WIRE_LEN && !keep(body.subarray(f.valueStart, f.end))) {
      changed = true;
      if (f.start > runStart) w.raw(body.subarray(runStart, f.start));
      runStart = f.end;
    }
  }
  if (!changed) return undefined;
  if (body.length > runStart) w.raw(body.subarray(runStart));
  return w.finish();
}

/** filterRepeatedField on the body of a success frame; other frames are returned unchanged. */
export function filterResponseEntries(frame: Buffer, fieldNo: number, keep: (entry: Buffer) => boolean): Buffer {
  const h = readResponseHeader(frame);
  if (h.type !== ResponseType.SUCCESS) return frame;
  const body = filterRepeatedField(frameBody(frame, h), fieldNo, keep);
  return body ? replaceResponseBody(frame, h, body) : frame;
}

/** The api_key (field 1) of one encoded PbApiVersion: the last one written, as protobuf readers take it. */
function apiKeyOf(entry: Buffer): number {
  let key: number | undefined;
  for (const f of walkFields(entry)) if (f.no === 1 && f.wireType === WIRE_VARINT) key = toInt32(f.raw);
  if (key === undefined) throw new FlussCodecError('PbApiVersion: missing api_key');
  return key;
}

/** Keeps only the api versions whose key passes `keep` in an ApiVersionsResponse success frame. */
export function trimApiVersions(frame: Buffer, keep: (apiKey: number) => boolean): Buffer {
  return filterResponseEntries(frame, 1, (entry) => keep(apiKeyOf(entry)));
}
