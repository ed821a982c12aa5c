/** Descriptor-driven decode/encode: shapes, proto2 rules, packed fields, unknown fields. */
import t from 'tap';
import { decodeMessage, encodeMessage, message } from '../../../../src/protocol/fluss/proto-message.js';
import { ProtoWriter } from '../../../../src/protocol/fluss/proto-wire.js';
import { MetadataResponse, MetadataRequest, PbBucketMetadata } from '../../../../src/protocol/fluss/messages/metadata.js';
import { ErrorResponse } from '../../../../src/protocol/fluss/messages/common.js';
import { PutKvResponse } from '../../../../src/protocol/fluss/messages/kv.js';
import { ListOffsetsRequest } from '../../../../src/protocol/fluss/messages/log.js';

t.test('nested round trip with int64, bytes, repeated messages', async (t) => {
  const value = {
    coordinator_server: { node_id: 0, host: 'coord.local', port: 9123 },
    tablet_servers: [
      { node_id: 1, host: 'ts1', port: 9124, rack: 'r1' },
      { node_id: 2, host: 'ts2', port: 9125 },
    ],
    table_metadata: [
      {
        table_path: { database_name: 'db', table_name: 't' },
        table_id: 9007199254740993n, // above 2^53: must survive as bigint
        schema_id: 1,
        table_json: Buffer.from('{"a":1}'),
        bucket_metadata: [{ bucket_id: 0, leader_id: 1, replica_id: [1, 2], leader_epoch: 0 }],
        created_time: 1700000000000n,
        modified_time: 1700000000001n,
      },
    ],
    partition_metadata: [],
  };
  const bytes = encodeMessage(MetadataResponse, value);
  const back = decodeMessage(MetadataResponse, bytes);
  t.equal(back.table_metadata[0].table_id, 9007199254740993n);
  t.equal(back.tablet_servers[0].rack, 'r1');
  t.equal(back.tablet_servers[1].rack, undefined);
  t.same(back.table_metadata[0].bucket_metadata[0].replica_id, [1, 2]);
  t.equal(back.table_metadata[0].table_json.toString(), '{"a":1}');
  t.same(back.partition_metadata, []);
  t.same(encodeMessage(MetadataResponse, back), bytes, 're-encoding the decoded value is stable');
});

t.test('packed repeated fields are written packed and read in both forms', async (t) => {
  const packed = encodeMessage(PbBucketMetadata, { bucket_id: 3, replica_id: [1, 300] });
  t.same(packed, Buffer.from('0803' + '1a03' + '01ac02', 'hex'));
  const unpacked = Buffer.from('0803' + '1801' + '18ac02', 'hex');
  t.same(decodeMessage(PbBucketMetadata, unpacked).replica_id, [1, 300]);
  const ids = encodeMessage(MetadataRequest, { partitions_id: [5n, -1n] });
  t.same(decodeMessage(MetadataRequest, ids).partitions_id, [5n, -1n]);
  t.same(
    encodeMessage(ListOffsetsRequest, { follower_server_id: -1, offset_type: 1, table_id: 7n, bucket_id: [] }).subarray(0, 11),
    Buffer.from('08ffffffffffffffffff01', 'hex'),
    'negative int32 as a 10-byte varint',
  );
});

t.test('unknown fields are skipped on decode', async (t) => {
  const w = new ProtoWriter().varintField(1, 46).varintField(9, 1).stringField(10, 'future').stringField(2, 'msg');
  t.same(decodeMessage(ErrorResponse, w.finish()), { error_code: 46, error_message: 'msg' });
});

t.test('proto2 required fields', async (t) => {
  t.throws(() => decodeMessage(ErrorResponse, new ProtoWriter().stringField(2, 'x').finish()), /missing required field error_code/);
  // @ts-expect-error error_code is required by the type too
  t.throws(() => encodeMessage(ErrorResponse, { error_message: 'x' }), /missing required field error_code/);
});

t.test('wire type mismatches are refused', async (t) => {
  t.throws(() => decodeMessage(ErrorResponse, new ProtoWriter().stringField(1, 'x').finish()), /expected varint/);
  t.throws(() => decodeMessage(ErrorResponse, new ProtoWriter().varintField(2, 1).finish()), /length-delimited/);
});

t.test('bytes alias the input buffer', async (t) => {
  const D = message('D', { b: { no: 1, type: 'bytes' } });
  const buf = encodeMessage(D, { b: Buffer.from('abc') });
  const m = decodeMessage(D, buf);
  buf[2] = 0x7a;
  t.equal(m.b?.toString(), 'zbc');
});

t.test('float fields', async (t) => {
  const back = decodeMessage(
    PutKvResponse,
    encodeMessage(PutKvResponse, {
      buckets_resp: [{ bucket_id: 0, log_end_offset: 10n, pressure: 0.5 }],
    }),
  );
  t.equal(back.buckets_resp[0].pressure, 0.5);
  t.equal(back.buckets_resp[0].log_end_offset, 10n);
});

t.test('duplicate field numbers in a descriptor are refused', async (t) => {
  t.throws(() => message('Bad', { a: { no: 1, type: 'int32' }, b: { no: 1, type: 'string' } }), /duplicate/);
});
