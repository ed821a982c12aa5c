// The many-connections tool's raw Kafka frames: requests read back by the gateway's own decoder,
// the record batch byte-for-byte equal to what kafkajs (an independent client) encodes, and the
// answers read from frames built by the gateway's encoder.
import { createRequire } from 'node:module';
import t from 'tap';
import { parseRequestHeader } from '../../../src/protocol/kafka/header.js';
import { newResponseFrame, readRequestBody } from '../../../src/protocol/kafka/schema/frames.js';
import { items, num, str } from '../../../src/protocol/kafka/schema/message.js';
import { apiVersionsError, apiVersionsRequest, metadataRequest, produceError, produceRequest, recordBatch, setCorrelationId, topicLayout } from '../../../bench/kafka/raw-frames.js';

const require = createRequire(import.meta.url);
type Encoded = { buffer: Buffer };
const { RecordBatch: KafkajsRecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (o: Record<string, unknown>) => Promise<Encoded> };
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: Record<string, unknown>) => Encoded;

t.test('recordBatch: the bytes kafkajs encodes for one keyless record (magic 2, CRC-32C)', async (t) => {
  const value = Buffer.from('x'.repeat(1024));
  const ts = 1_765_000_000_000;
  const theirs = await KafkajsRecordBatch({
    firstTimestamp: ts,
    maxTimestamp: ts,
    partitionLeaderEpoch: -1,
    producerEpoch: -1,
    firstSequence: -1,
    records: [KafkajsRecord({ key: null, value })],
  });
  const ours = recordBatch(value, BigInt(ts));
  t.equal(ours.toString('hex'), theirs.buffer.toString('hex'));
  t.equal(ours.readInt32BE(8), ours.length - 12, 'batch length counts from the leader epoch');
  t.equal(ours.readInt8(16), 2, 'magic 2');
});

t.test('produceRequest: Produce v7 as the gateway decodes it; the correlation id is patched in place', async (t) => {
  const batch = recordBatch(Buffer.from('hello'), 1n);
  const frame = produceRequest({ correlationId: 5, clientId: 'many-3', topic: 'bench', partition: 2, acks: -1, batch });
  const h = parseRequestHeader(frame);
  t.same([h.apiKey, h.apiVersion, h.correlationId, h.clientId], [0, 7, 5, 'many-3']);
  const body = readRequestBody(frame, h);
  t.equal(num(body, 'Acks'), -1);
  t.equal(str(body, 'TransactionalId'), null);
  const topic = items(body, 'TopicData')[0];
  t.equal(str(topic, 'Name'), 'bench');
  const part = items(topic, 'PartitionData')[0];
  t.equal(num(part, 'Index'), 2);
  t.ok((part.Records as Buffer).equals(batch), 'the batch travels unchanged');
  setCorrelationId(frame, 123456);
  t.equal(parseRequestHeader(frame).correlationId, 123456);
  t.equal(items(readRequestBody(frame, parseRequestHeader(frame)), 'TopicData').length, 1, 'the rest is untouched');
});

t.test('ApiVersions v3 and Metadata v4 requests decode; their answers are read', async (t) => {
  const av = apiVersionsRequest(1, 'c');
  const avh = parseRequestHeader(av);
  t.same([avh.apiKey, avh.apiVersion, avh.headerVersion], [18, 3, 2], 'flexible header');
  t.equal(str(readRequestBody(av, avh), 'ClientSoftwareName'), 'streamward-many-load');
  const md = metadataRequest(2, 'c', 'bench');
  const mdh = parseRequestHeader(md);
  const mdBody = readRequestBody(md, mdh);
  t.same(
    items(mdBody, 'Topics').map((x) => str(x, 'Name')),
    ['bench'],
  );
  t.equal(mdBody.AllowAutoTopicCreation, false);

  t.equal(apiVersionsError(newResponseFrame(1, 18, 3, { ErrorCode: 0, ApiKeys: [{ ApiKey: 0, MinVersion: 0, MaxVersion: 9 }], ThrottleTimeMs: 0 })), 0);
  t.equal(apiVersionsError(newResponseFrame(1, 18, 0, { ErrorCode: 35, ApiKeys: [{ ApiKey: 18, MinVersion: 0, MaxVersion: 2 }] })), 35, 'the older-format refusal');
  t.equal(apiVersionsError(Buffer.from('0000000400000001', 'hex')), -1, 'too short');
  const v0 = apiVersionsRequest(1, 'c', 0);
  const v0h = parseRequestHeader(v0);
  t.same([v0h.apiVersion, v0h.headerVersion, v0.length - v0h.bodyOffset], [0, 1, 0], 'the v0 fallback: classic header, empty body');
  const partition = (i: number, leader: number) => ({ ErrorCode: 0, PartitionIndex: i, LeaderId: leader, ReplicaNodes: [leader], IsrNodes: [leader] });
  const answer = newResponseFrame(2, 3, 4, {
    ThrottleTimeMs: 0,
    Brokers: [
      { NodeId: 1, Host: '127.0.0.1', Port: 9001, Rack: null },
      { NodeId: 2, Host: '127.0.0.1', Port: 9002, Rack: null },
    ],
    ClusterId: 'c',
    ControllerId: 1,
    Topics: [
      { ErrorCode: 0, Name: 'other', IsInternal: false, Partitions: [partition(0, 1)] },
      { ErrorCode: 0, Name: 'bench', IsInternal: false, Partitions: [partition(0, 2), partition(1, 1)] },
    ],
  });
  const layout = topicLayout(answer, 'bench');
  t.same(
    [...layout.leaders],
    [
      [0, 2],
      [1, 1],
    ],
  );
  t.same(layout.brokers.get(2), { host: '127.0.0.1', port: 9002 });
  t.throws(() => topicLayout(answer, 'missing'), /topic missing missing/);
  const denied = newResponseFrame(2, 3, 4, { ThrottleTimeMs: 0, Brokers: [], ClusterId: null, ControllerId: -1, Topics: [{ ErrorCode: 29, Name: 'bench', IsInternal: false, Partitions: [] }] });
  t.throws(() => topicLayout(denied, 'bench'), /error 29/);
});

t.test('produceError: the first partition error of a Produce v7 answer; -1 for a short one', async (t) => {
  const answer = (code: number) =>
    newResponseFrame(9, 0, 7, {
      Responses: [{ Name: 'bench', PartitionResponses: [{ Index: 0, ErrorCode: code, BaseOffset: 0n, LogAppendTimeMs: -1n, LogStartOffset: 0n }] }],
      ThrottleTimeMs: 0,
    });
  t.equal(produceError(answer(0)), 0);
  t.equal(produceError(answer(29)), 29);
  t.equal(produceError(answer(29).subarray(0, 20)), -1, 'cut inside the partition');
  t.equal(produceError(newResponseFrame(9, 0, 7, { Responses: [], ThrottleTimeMs: 0 })), -1, 'no topic');
});
