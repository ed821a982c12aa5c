/**
 * Test-only encoders for the Kafka response bodies the codec rewrites or trims. Each takes a
 * plain object and returns a complete frame (size prefix, response header, body, optional
 * trailing bytes). Tests build a frame twice, once with backend and once with gateway addresses,
 * and expect the rewriter to turn the first into exactly the second.
 */
import type { TaggedField } from '../../src/protocol/kafka/reader.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';

export interface Endpoint {
  nodeId: number;
  host: string;
  port: number;
  rack?: string | null;
  tagged?: TaggedField[];
}

/** Common tail options: header tagged fields (v1 headers), body tagged fields, trailing bytes. */
export interface Extras {
  headerTagged?: TaggedField[];
  tagged?: TaggedField[];
  trailing?: Buffer;
}

type Body = (w: KafkaWriter) => void;

function frame(corr: number, headerV1: boolean, extras: Extras, body: Body): Buffer {
  const w = new KafkaWriter().int32(corr);
  if (headerV1) w.taggedFields(extras.headerTagged ?? []);
  body(w);
  if (extras.trailing) w.raw(extras.trailing);
  return w.frame();
}

function str(w: KafkaWriter, flex: boolean, s: string | null): void {
  if (flex) w.compactNullableString(s);
  else w.nullableString(s);
}
function arr<T>(w: KafkaWriter, flex: boolean, items: readonly T[], item: (w: KafkaWriter, x: T) => void): void {
  if (flex) w.compactArray(items, item);
  else w.array(items, item);
}
const TOPIC_ID = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

/** NodeEndpoint struct (flexible): NodeId, Host, Port, Rack, tagged fields. */
function nodeEndpoint(w: KafkaWriter, e: Endpoint): void {
  w.int32(e.nodeId)
    .compactString(e.host)
    .int32(e.port)
    .compactNullableString(e.rack ?? null)
    .taggedFields(e.tagged);
}
export function encodeNodeEndpoints(endpoints: readonly Endpoint[]): Buffer {
  return new KafkaWriter().compactArray(endpoints, nodeEndpoint).toBuffer();
}

export interface MetadataBody extends Extras {
  brokers: Endpoint[];
  topics: string[];
  clusterId?: string | null;
}
export function metadataResponse(v: number, corr: number, m: MetadataBody): Buffer {
  const flex = v >= 9;
  return frame(corr, flex, m, (w) => {
    if (v >= 3) w.int32(0);
    arr(w, flex, m.brokers, (x, b) => {
      x.int32(b.nodeId);
      str(x, flex, b.host);
      x.int32(b.port);
      if (v >= 1) str(x, flex, b.rack ?? null);
      if (flex) x.taggedFields(b.tagged);
    });
    if (v >= 2) str(w, flex, m.clusterId ?? 'cluster-A');
    if (v >= 1) w.int32(m.brokers[0]?.nodeId ?? -1);
    arr(w, flex, m.topics, (x, name) => {
      x.int16(0);
      str(x, flex, name);
      if (v >= 10) x.uuid(TOPIC_ID);
      if (v >= 1) x.boolean(false);
      arr(x, flex, [0, 1], (p, idx) => {
        p.int16(0)
          .int32(idx)
          .int32(m.brokers[idx % m.brokers.length]?.nodeId ?? 1);
        if (v >= 7) p.int32(5);
        arr(p, flex, [1, 2], (q, n) => q.int32(n));
        arr(p, flex, [1], (q, n) => q.int32(n));
        if (v >= 5) arr(p, flex, [] as number[], (q, n) => q.int32(n));
        if (flex) p.taggedFields();
      });
      if (v >= 8) x.int32(-2147483648);
      if (flex) x.taggedFields();
    });
    if (v >= 8 && v <= 10) w.int32(-2147483648);
    if (v >= 13) w.int16(0);
    if (flex) w.taggedFields(m.tagged);
  });
}

export interface Coordinator extends Endpoint {
  key: string;
  errorCode?: number;
}
export interface FindCoordinatorBody extends Extras {
  /** v0-3: the single coordinator (errorCode set on it). */
  single?: Coordinator;
  /** v4+ */
  coordinators?: Coordinator[];
}
export function findCoordinatorResponse(v: number, corr: number, f: FindCoordinatorBody): Buffer {
  const flex = v >= 3;
  return frame(corr, flex, f, (w) => {
    if (v >= 1) w.int32(0);
    if (v <= 3) {
      const c = f.single!;
      w.int16(c.errorCode ?? 0);
      if (v >= 1) str(w, flex, c.errorCode ? 'not available' : null);
      w.int32(c.nodeId);
      str(w, flex, c.host);
      w.int32(c.port);
    } else {
      w.compactArray(f.coordinators ?? [], (x, c) => {
        x.compactString(c.key).int32(c.nodeId).compactString(c.host).int32(c.port);
        x.int16(c.errorCode ?? 0)
          .compactNullableString(c.errorCode ? 'not available' : null)
          .taggedFields(c.tagged);
      });
    }
    if (flex) w.taggedFields(f.tagged);
  });
}

export interface DescribeClusterBody extends Extras {
  brokers: Endpoint[];
  endpointType?: number;
}
export function describeClusterResponse(v: number, corr: number, d: DescribeClusterBody): Buffer {
  return frame(corr, true, d, (w) => {
    w.int32(0).int16(0).compactNullableString(null);
    if (v >= 1) w.int8(d.endpointType ?? 1);
    w.compactString('cluster-A').int32(d.brokers[0]?.nodeId ?? -1);
    w.compactArray(d.brokers, (x, b) => {
      x.int32(b.nodeId)
        .compactString(b.host)
        .int32(b.port)
        .compactNullableString(b.rack ?? null);
      if (v >= 2) x.boolean(b.nodeId % 2 === 0);
      x.taggedFields(b.tagged);
    });
    w.int32(-2147483648);
    w.taggedFields(d.tagged);
  });
}

/** Body tagged fields with NodeEndpoints (tag 0) merged in ascending tag order. */
function withEndpointsTag(endpoints: Endpoint[] | undefined, others: TaggedField[] = []): TaggedField[] {
  const all = [...others];
  if (endpoints) all.push({ tag: 0, bytes: encodeNodeEndpoints(endpoints) });
  return all.sort((a, b) => a.tag - b.tag);
}

export interface ProduceBody extends Extras {
  topics: string[];
  nodeEndpoints?: Endpoint[];
}
/** Produce response v9+ (flexible). Partition 0 of each topic reports NOT_LEADER_OR_FOLLOWER. */
export function produceResponse(v: number, corr: number, p: ProduceBody): Buffer {
  return frame(corr, true, p, (w) => {
    w.compactArray(p.topics, (x, name) => {
      if (v >= 13) x.uuid(TOPIC_ID);
      else x.compactString(name);
      x.compactArray([0, 1], (q, idx) => {
        q.int32(idx)
          .int16(idx === 0 ? 6 : 0)
          .int64(100n + BigInt(idx))
          .int64(-1)
          .int64(0);
        q.compactArray([{ i: 3, m: 'bad record' }], (e, r) => e.int32(r.i).compactNullableString(r.m).taggedFields());
        q.compactNullableString(idx === 0 ? 'moved' : null);
        const leader = new KafkaWriter().int32(2).int32(7).taggedFields().toBuffer();
        q.taggedFields(v >= 10 && idx === 0 ? [{ tag: 0, bytes: leader }] : []);
      });
      x.taggedFields();
    });
    w.int32(25); // ThrottleTimeMs
    w.taggedFields(withEndpointsTag(p.nodeEndpoints, p.tagged));
  });
}

export interface FetchBody extends Extras {
  partitions: number;
  records: Buffer | null;
  nodeEndpoints?: Endpoint[];
}
/** Fetch response v13+ (topics by id). */
export function fetchResponse(_v: number, corr: number, f: FetchBody): Buffer {
  return frame(corr, true, f, (w) => {
    w.int32(0).int16(0).int32(77);
    w.compactArray([TOPIC_ID], (x, id) => {
      x.uuid(id);
      x.compactArray([...Array(f.partitions).keys()], (q, idx) => {
        q.int32(idx)
          .int16(idx === 0 ? 6 : 0)
          .int64(500)
          .int64(499)
          .int64(0);
        q.compactNullableArray(idx === 1 ? [{ pid: 9n, first: 40n }] : null, (a, t) => a.int64(t.pid).int64(t.first).taggedFields());
        q.int32(-1).compactNullableBytes(f.records);
        const leader = new KafkaWriter().int32(2).int32(7).taggedFields().toBuffer();
        q.taggedFields(idx === 0 ? [{ tag: 1, bytes: leader }] : []);
      });
      x.taggedFields();
    });
    w.taggedFields(withEndpointsTag(f.nodeEndpoints, f.tagged));
  });
}

export interface ShareBody extends Extras {
  nodeEndpoints: Endpoint[];
  records?: Buffer | null;
}
function leaderIdAndEpoch(w: KafkaWriter): void {
  w.int32(2).int32(7).taggedFields();
}
/** ShareFetch response (kind 'fetch') or ShareAcknowledge response (kind 'ack'). */
export function shareResponse(kind: 'fetch' | 'ack', v: number, corr: number, s: ShareBody): Buffer {
  return frame(corr, true, s, (w) => {
    w.int32(0).int16(0).compactNullableString(null);
    if (v >= (kind === 'fetch' ? 1 : 2)) w.int32(30000);
    w.compactArray([TOPIC_ID], (x, id) => {
      x.uuid(id);
      x.compactArray([0, 1], (q, idx) => {
        q.int32(idx)
          .int16(idx === 0 ? 6 : 0)
          .compactNullableString(null);
        if (kind === 'fetch') q.int16(0).compactNullableString(null);
        leaderIdAndEpoch(q);
        if (kind === 'fetch') {
          q.compactNullableBytes(s.records ?? null);
          q.compactArray([{ a: 10n, b: 12n, c: 1 }], (r, x2) => r.int64(x2.a).int64(x2.b).int16(x2.c).taggedFields());
        }
        q.taggedFields();
      });
      x.taggedFields();
    });
    w.compactArray(s.nodeEndpoints, nodeEndpoint);
    w.taggedFields(s.tagged);
  });
}

export interface QuorumNode {
  nodeId: number;
  listeners: { name: string; host: string; port: number }[];
}
/** DescribeQuorum response v2. */
export function describeQuorumResponse(corr: number, q: Extras & { nodes: QuorumNode[] }): Buffer {
  const replica = (w: KafkaWriter, id: number): void => {
    w.int32(id).uuid(TOPIC_ID).int64(900).int64(1).int64(2).taggedFields();
  };
  return frame(corr, true, q, (w) => {
    w.int16(0).compactNullableString(null);
    w.compactArray(['__cluster_metadata'], (x, name) => {
      x.compactString(name);
      x.compactArray([0], (p) => {
        p.int32(0).int16(0).compactNullableString(null).int32(1).int32(3).int64(900);
        p.compactArray([1, 2, 3], replica).compactArray([4], replica).taggedFields();
      });
      x.taggedFields();
    });
    w.compactArray(q.nodes, (x, n) => {
      x.int32(n.nodeId);
      x.compactArray(n.listeners, (l, e) => l.compactString(e.name).compactString(e.host).uint16(e.port).taggedFields());
      x.taggedFields();
    });
    w.taggedFields(q.tagged);
  });
}

export interface ApiVersionEntry {
  key: number;
  min: number;
  max: number;
  tagged?: TaggedField[];
}
/** ApiVersions response: header v0 always; body at version `v`. */
export function apiVersionsResponse(v: number, corr: number, a: Extras & { errorCode?: number; apis: ApiVersionEntry[] }): Buffer {
  const flex = v >= 3;
  return frame(corr, false, a, (w) => {
    w.int16(a.errorCode ?? 0);
    arr(w, flex, a.apis, (x, e) => {
      x.int16(e.key).int16(e.min).int16(e.max);
      if (flex) x.taggedFields(e.tagged);
    });
    if (v >= 1) w.int32(12);
    if (flex) w.taggedFields(a.tagged);
  });
}

/** A request frame: header v0/v1/v2 by `headerVersion`, then `body`. */
export function requestFrame(apiKey: number, apiVersion: number, corr: number, headerVersion: 0 | 1 | 2, clientId: string | null, body: Buffer, headerTagged: TaggedField[] = []): Buffer {
  const w = new KafkaWriter().int16(apiKey).int16(apiVersion).int32(corr);
  if (headerVersion >= 1) w.nullableString(clientId);
  if (headerVersion === 2) w.taggedFields(headerTagged);
  return w.raw(body).frame();
}
