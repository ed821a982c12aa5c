/**
 * How the gateway asks a Kafka backend for its brokers (for a pre-opened node port a client
 * reached before this replica met the broker): Metadata with an empty topic list, which names
 * every live broker and creates nothing. v4 first (Kafka 4 dropped v0-3), v1 for backends that
 * stop below v4 (the Debian librdkafka 2.0.2 mock speaks up to v2).
 */
import { KafkaWriter } from '../../protocol/kafka/writer.js';
import { collectAddresses } from '../../protocol/kafka/rewrite.js';
import type { BackendNode, NodeDiscovery } from '../../proxy/protocol.js';

const METADATA = 3;
const CORRELATION_ID = 0x5357; // "SW"
const VERSIONS = [4, 1] as const;

function metadataRequest(version: number): Buffer {
  const w = new KafkaWriter(48).int16(METADATA).int16(version).int32(CORRELATION_ID).nullableString('streamward-discovery');
  w.int32(0); // Topics: an empty list (v1+: no topics; null would mean all)
  if (version >= 4) w.int8(0); // AllowAutoTopicCreation: false
  return w.frame();
}

export const kafkaDiscovery: NodeDiscovery = {
  attempts: VERSIONS.map((v) => [metadataRequest(v)]),
  nodes(attempt: number, responses: Buffer[]): BackendNode[] {
    const frame = responses[0];
    if (!frame || frame.length < 8 || frame.readInt32BE(4) !== CORRELATION_ID) throw new Error('Metadata answer does not match the request');
    return collectAddresses(METADATA, VERSIONS[attempt]!, frame)
      .filter((a) => a.role === 'broker')
      .map((a) => ({ key: `broker:${a.nodeId}`, host: a.host, port: a.port }));
  },
};
