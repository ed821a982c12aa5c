/**
 * Where the broker addresses sit inside one response frame, and how to replace them while
 * copying every other byte verbatim.
 *
 * In every schema that carries an address the host string is immediately followed by the port,
 * so one site is the byte range [start, end) holding `Host` + `Port`. Sites inside a tagged field
 * (Produce/Fetch NodeEndpoints) belong to a TaggedRegion, because the tagged field's uvarint
 * size must be re-encoded when its payload changes length.
 */
import { KafkaEncodeError } from './codec-errors.js';
import type { KafkaReader } from './reader.js';
import { encodeUvarint, KafkaWriter, withSizePrefix } from './writer.js';

/**
 * Which kind of node an address belongs to. Brokers come from Metadata, DescribeCluster,
 * FindCoordinator and NodeEndpoints; KRaft controllers only from DescribeQuorum v2 Nodes.
 * Ids of the two kinds may coincide, so they are separate key spaces.
 */
export type NodeRole = 'broker' | 'controller';

export interface NodeAddress {
  role: NodeRole;
  nodeId: number;
  host: string;
  port: number;
}

export type AddressMap = (a: NodeAddress) => { host: string; port: number };

export interface AddressSite extends NodeAddress {
  /** Offset of the host's length field. */
  start: number;
  /** Offset just after the port. */
  end: number;
  /** Host is a compact string (flexible versions) rather than int16-length. */
  compact: boolean;
  portType: 'int32' | 'uint16';
}

/** A tagged field whose payload holds address sites: [sizeStart, dataStart) is its uvarint size. */
export interface TaggedRegion {
  sizeStart: number;
  dataStart: number;
  dataEnd: number;
  sites: AddressSite[];
}

export interface AddressLayout {
  sites: AddressSite[];
  regions: TaggedRegion[];
}

export function emptyLayout(): AddressLayout {
  return { sites: [], regions: [] };
}

/**
 * Read `Host` + `Port` at the reader's position and record them as a site for `nodeId`.
 * With `record` false the bytes are consumed but no site is kept (error entries, NodeId -1).
 */
export function readHostPort(r: KafkaReader, nodeId: number, compact: boolean, portType: 'int32' | 'uint16', into: AddressSite[], record = true, role: NodeRole = 'broker'): void {
  const start = r.offset;
  const host = compact ? r.compactString() : r.string();
  const port = portType === 'int32' ? r.int32() : r.uint16();
  if (record) into.push({ role, nodeId, host, port, start, end: r.offset, compact, portType });
}

/** Every address in the layout, in wire order (region sites where their region sits). */
export function layoutAddresses(layout: AddressLayout): NodeAddress[] {
  const all = [...layout.sites, ...layout.regions.flatMap((g) => g.sites)].sort((a, b) => a.start - b.start);
  return all.map(({ role, nodeId, host, port }) => ({ role, nodeId, host, port }));
}

interface Patch {
  start: number;
  end: number;
  bytes: Buffer;
}

function encodeHostPort(site: AddressSite, host: string, port: number): Buffer {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KafkaEncodeError(`rewritten port out of range for node ${site.nodeId}: ${port}`);
  }
  const w = new KafkaWriter(host.length + 8);
  if (site.compact) w.compactString(host);
  else w.string(host);
  if (site.portType === 'int32') w.int32(port);
  else w.uint16(port);
  return w.toBuffer();
}

function sitePatches(sites: AddressSite[], map: AddressMap): Patch[] {
  const out: Patch[] = [];
  for (const s of sites) {
    const to = map({ role: s.role, nodeId: s.nodeId, host: s.host, port: s.port });
    if (to.host === s.host && to.port === s.port) continue;
    out.push({ start: s.start, end: s.end, bytes: encodeHostPort(s, to.host, to.port) });
  }
  return out;
}

/** Bytes [from, to) of `src` with the (non-overlapping) patches applied. */
function splice(src: Buffer, from: number, to: number, patches: Patch[]): Buffer {
  const sorted = [...patches].sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let at = from;
  for (const p of sorted) {
    parts.push(src.subarray(at, p.start), p.bytes);
    at = p.end;
  }
  parts.push(src.subarray(at, to));
  return Buffer.concat(parts);
}

/**
 * A new frame with every site's host/port replaced by `map`, the size prefix recomputed and
 * every other byte copied; the input frame itself when nothing changes.
 */
export function applyLayout(frame: Buffer, layout: AddressLayout, map: AddressMap): Buffer {
  const patches = sitePatches(layout.sites, map);
  for (const g of layout.regions) {
    const inner = sitePatches(g.sites, map);
    if (inner.length === 0) continue;
    const data = splice(frame, g.dataStart, g.dataEnd, inner);
    patches.push({ start: g.sizeStart, end: g.dataEnd, bytes: Buffer.concat([encodeUvarint(data.length), data]) });
  }
  if (patches.length === 0) return frame;
  return withSizePrefix(splice(frame, 4, frame.length, patches));
}
