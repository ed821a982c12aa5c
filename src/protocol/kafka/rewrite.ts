/**
 * Address rewriting of backend responses: every broker host/port a client could learn from a
 * response (see address-walkers.ts for the list) is replaced by the gateway's own endpoint.
 * Frames include their size prefix; a rewritten frame is a new Buffer with the prefix
 * recomputed and every byte outside the addresses unchanged. Responses with nothing to change
 * come back as the very same Buffer.
 */
import { applyLayout, type AddressLayout, type AddressMap, layoutAddresses, type NodeAddress } from './address-layout.js';
import { type AddressWalker, walkDescribeCluster, walkDescribeQuorum, walkFetch, walkFindCoordinator, walkMetadata, walkProduce, walkShareAcknowledge, walkShareFetch } from './address-walkers.js';
import { frameReader } from './header.js';
import { responseHeaderVersion } from './api-table.js';

export type { NodeAddress, NodeRole } from './address-layout.js';

interface Carrier {
  from: number;
  to: number;
  walk: AddressWalker;
}

/** Response versions whose layout carries addresses, per api key. */
const CARRIERS: ReadonlyMap<number, Carrier> = new Map([
  [0, { from: 10, to: 13, walk: walkProduce }],
  [1, { from: 16, to: 18, walk: walkFetch }],
  [3, { from: 0, to: 13, walk: walkMetadata }],
  [10, { from: 0, to: 6, walk: walkFindCoordinator }],
  [55, { from: 2, to: 2, walk: walkDescribeQuorum }],
  [60, { from: 0, to: 2, walk: walkDescribeCluster }],
  [78, { from: 0, to: 2, walk: walkShareFetch }],
  [79, { from: 0, to: 2, walk: walkShareAcknowledge }],
]);

/** Cheap check: can a response to this request version hold broker addresses? */
export function carriesAddresses(apiKey: number, apiVersion: number): boolean {
  const c = CARRIERS.get(apiKey);
  return c !== undefined && apiVersion >= c.from && apiVersion <= c.to;
}

function layoutOf(apiKey: number, apiVersion: number, frame: Buffer): AddressLayout | null {
  const c = CARRIERS.get(apiKey);
  if (!c || apiVersion < c.from || apiVersion > c.to) return null;
  const r = frameReader(frame);
  r.int32(); // CorrelationId
  if (responseHeaderVersion(apiKey, apiVersion) === 1) r.skipTaggedFields();
  return c.walk(r, apiVersion);
}

/** Every broker address in the response, in wire order. Throws KafkaDecodeError on bad bytes. */
export function collectAddresses(apiKey: number, apiVersion: number, frame: Buffer): NodeAddress[] {
  const layout = layoutOf(apiKey, apiVersion, frame);
  return layout ? layoutAddresses(layout) : [];
}

/**
 * The response with every broker address replaced by `map(address)`. Returns `frame` itself
 * when the api/version carries no addresses or every mapped address equals the original.
 * Throws KafkaDecodeError on undecodable bytes, KafkaEncodeError on an unencodable mapping.
 */
export function rewriteAddresses(apiKey: number, apiVersion: number, frame: Buffer, map: AddressMap): Buffer {
  const layout = layoutOf(apiKey, apiVersion, frame);
  return layout ? applyLayout(frame, layout, map) : frame;
}
