/**
 * One walker per response schema that carries broker addresses. A walker reads the body only as
 * far as its last address and records where each Host+Port sits (address-layout.ts); whatever
 * follows (topics, cluster id, unknown tagged fields, trailing bytes) is never parsed.
 *
 *   Metadata (3)         v0-13  Brokers[]: NodeId, Host, Port, Rack (v1+)
 *   FindCoordinator (10) v0-3   NodeId, Host, Port (skipped when NodeId < 0); v4+ Coordinators[]
 *   DescribeCluster (60) v0-2   Brokers[]: BrokerId, Host, Port, Rack, IsFenced (v2+)
 *   Produce (0)          v10-13 tagged NodeEndpoints (tag 0) after Responses and ThrottleTimeMs
 *   Fetch (1)            v16-18 tagged NodeEndpoints (tag 0) after Responses
 *   ShareFetch (78), ShareAcknowledge (79) v0-2  NodeEndpoints[] after Responses
 *   DescribeQuorum (55)  v2     Nodes[].Listeners[]: Name, Host, Port (uint16): KRaft controllers,
 *                               recorded with role 'controller' (apache/kafka DescribeQuorumResponse.json:
 *                               "The listeners of this controller"; the admin client only reports them,
 *                               as QuorumInfo.Node endpoints, and never routes requests by them)
 * Every other address is a broker's (role 'broker').
 *
 * The fields in front of the addresses of Produce, Fetch, ShareFetch, ShareAcknowledge and
 * DescribeQuorum (their topics and partitions) are skipped by the response layouts of the schema
 * (schema/skip.ts), so those layouts are written once.
 *
 * Bounds (a backend answer is read like a request): every array count is checked against the
 * bytes left with the fewest bytes one element of that schema takes (the MIN_* figures below,
 * bounds.ts for the skipped parts) before the loop starts, and a tagged-section count with 2
 * bytes per field.
 */
import { type AddressLayout, type AddressSite, emptyLayout, readHostPort } from './address-layout.js';
import { KafkaReader } from './reader.js';
import { responseSpec } from './schema/frames.js';
import { skipFieldsBefore } from './schema/skip.js';

export type AddressWalker = (r: KafkaReader, version: number) => AddressLayout;

function count(r: KafkaReader, compact: boolean, minElementBytes: number): number {
  return (compact ? r.compactArrayLength(minElementBytes) : r.arrayLength(minElementBytes)) ?? 0;
}

/** NodeEndpoint: NodeId 4, Host 1, Port 4, Rack 1, tagged 1. */
const MIN_NODE_ENDPOINT = 11;
/** Metadata broker: NodeId 4, Host, Port 4, Rack (v1+), tagged (flexible). */
function minMetadataBroker(v: number, flex: boolean): number {
  if (flex) return 11;
  return v >= 1 ? 12 : 10;
}
/** FindCoordinator v4+ coordinator: Key 1, NodeId 4, Host 1, Port 4, ErrorCode 2, ErrorMessage 1, tagged 1. */
const MIN_COORDINATOR = 14;
/** DescribeCluster broker: BrokerId 4, Host 1, Port 4, Rack 1, IsFenced (v2+) 1, tagged 1. */
const minClusterBroker = (v: number): number => (v >= 2 ? 12 : 11);
/** DescribeQuorum node: NodeId 4, Listeners count 1, tagged 1; listener: Name 1, Host 1, Port 2, tagged 1. */
const MIN_QUORUM_NODE = 6;
const MIN_QUORUM_LISTENER = 5;

/** NodeEndpoints entries (flexible only): NodeId, Host, Port, Rack, tagged fields. */
function readNodeEndpoints(r: KafkaReader, into: AddressSite[]): void {
  const n = count(r, true, MIN_NODE_ENDPOINT);
  for (let i = 0; i < n; i++) {
    readHostPort(r, r.int32(), true, 'int32', into);
    r.compactNullableString(); // Rack
    r.skipTaggedFields();
  }
}

/** The top-level tagged section; tag 0 holds NodeEndpoints and becomes a region. */
function readTopLevelNodeEndpoints(r: KafkaReader, layout: AddressLayout): void {
  const fields = r.taggedFieldCount();
  for (let i = 0; i < fields; i++) {
    const tag = r.uvarint();
    const sizeStart = r.offset;
    const size = r.uvarint();
    const dataStart = r.offset;
    r.skip(size, 'tagged field');
    if (tag !== 0) continue;
    const region = { sizeStart, dataStart, dataEnd: r.offset, sites: [] as AddressSite[] };
    readNodeEndpoints(new KafkaReader(r.buf, dataStart, region.dataEnd), region.sites);
    layout.regions.push(region);
  }
}

export const walkMetadata: AddressWalker = (r, v) => {
  const layout = emptyLayout();
  const flex = v >= 9;
  if (v >= 3) r.int32(); // ThrottleTimeMs
  const n = count(r, flex, minMetadataBroker(v, flex));
  for (let i = 0; i < n; i++) {
    readHostPort(r, r.int32(), flex, 'int32', layout.sites);
    if (v >= 1) {
      if (flex) r.compactNullableString();
      else r.nullableString(); // Rack
    }
    if (flex) r.skipTaggedFields();
  }
  return layout;
};

export const walkFindCoordinator: AddressWalker = (r, v) => {
  const layout = emptyLayout();
  const flex = v >= 3;
  if (v >= 1) r.int32(); // ThrottleTimeMs
  if (v <= 3) {
    r.int16(); // ErrorCode
    if (v >= 1) {
      if (flex) r.compactNullableString();
      else r.nullableString(); // ErrorMessage
    }
    const nodeId = r.int32();
    readHostPort(r, nodeId, flex, 'int32', layout.sites, nodeId >= 0);
    return layout;
  }
  const n = count(r, true, MIN_COORDINATOR);
  for (let i = 0; i < n; i++) {
    r.compactString(); // Key
    const nodeId = r.int32();
    readHostPort(r, nodeId, true, 'int32', layout.sites, nodeId >= 0);
    r.int16(); // ErrorCode
    r.compactNullableString(); // ErrorMessage
    r.skipTaggedFields();
  }
  return layout;
};

export const walkDescribeCluster: AddressWalker = (r, v) => {
  const layout = emptyLayout();
  r.int32(); // ThrottleTimeMs
  r.int16(); // ErrorCode
  r.compactNullableString(); // ErrorMessage
  if (v >= 1) r.int8(); // EndpointType
  r.compactString(); // ClusterId
  r.int32(); // ControllerId
  const n = count(r, true, minClusterBroker(v));
  for (let i = 0; i < n; i++) {
    readHostPort(r, r.int32(), true, 'int32', layout.sites);
    r.compactNullableString(); // Rack
    if (v >= 2) r.boolean(); // IsFenced
    r.skipTaggedFields();
  }
  return layout;
};

/** Produce (0) and Fetch (1): every untagged field by the schema, then the top-level tagged section. */
function taggedEndpointsWalker(apiKey: number): AddressWalker {
  return (r, v) => {
    const layout = emptyLayout();
    skipFieldsBefore(r, responseSpec(apiKey), v, true);
    readTopLevelNodeEndpoints(r, layout);
    return layout;
  };
}

export const walkProduce = taggedEndpointsWalker(0);
export const walkFetch = taggedEndpointsWalker(1);

/** ShareFetch (78) and ShareAcknowledge (79): the schema up to the NodeEndpoints array. */
function shareWalker(apiKey: number): AddressWalker {
  return (r, v) => {
    const layout = emptyLayout();
    skipFieldsBefore(r, responseSpec(apiKey), v, true, 'NodeEndpoints');
    readNodeEndpoints(r, layout.sites);
    return layout;
  };
}

export const walkShareFetch = shareWalker(78);
export const walkShareAcknowledge = shareWalker(79);

export const walkDescribeQuorum: AddressWalker = (r, v) => {
  const layout = emptyLayout();
  skipFieldsBefore(r, responseSpec(55), v, true, 'Nodes');
  const nodes = count(r, true, MIN_QUORUM_NODE);
  for (let i = 0; i < nodes; i++) {
    const nodeId = r.int32();
    const listeners = count(r, true, MIN_QUORUM_LISTENER);
    for (let j = 0; j < listeners; j++) {
      r.compactString(); // Name
      readHostPort(r, nodeId, true, 'uint16', layout.sites, true, 'controller');
      r.skipTaggedFields();
    }
    r.skipTaggedFields();
  }
  return layout;
};
