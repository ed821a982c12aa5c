// Bad input at a Kafka listener (real mock broker behind it): each gets a clean close or the
// protocol's own error, one log line with an SW_ERR_* code, and nothing crashes.
import t from 'tap';
import { startMockCluster } from '../../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../../helpers/kafka/gateway.js';
import { connectRaw, within } from '../../helpers/raw-client.js';
import { waitForLine } from '../../helpers/listener.js';
import { KafkaWriter } from '../../../src/protocol/kafka/writer.js';
import { KafkaReader } from '../../../src/protocol/kafka/reader.js';

/** A request with header v1: key, version, correlation id, client id, then `body`. */
function request(key: number, version: number, id: number, body: Buffer = Buffer.alloc(0)): Buffer {
  return new KafkaWriter(64).int16(key).int16(version).int32(id).nullableString('bad-input').raw(body).frame();
}

t.test('Kafka bad input', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const gw = await startKafkaGateway(cluster);
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  t.test('unknown api key: closed, as a broker does', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(request(999, 0, 1));
    t.ok(await within(c.closed, 2000));
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UNKNOWN_API_KEY');
  });

  t.test('unsupported version of a normal api: closed', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(request(3, 99, 2));
    t.ok(await within(c.closed, 2000));
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UNSUPPORTED_VERSION');
  });

  t.test('unsupported ApiVersions version: a v0 error answer listing the ApiVersions range', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(request(18, 77, 3));
    const [f] = await c.waitFrames(1);
    const r = new KafkaReader(f, 4);
    t.equal(r.int32(), 3, 'correlation id echoed');
    t.equal(r.int16(), 35, 'UNSUPPORTED_VERSION');
    t.equal(r.arrayLength(), 1);
    t.equal(r.int16(), 18, 'only the ApiVersions entry');
    c.close();
  });

  t.test('inter-broker api: closed', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(request(56, 2, 4));
    t.ok(await within(c.closed, 2000));
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PRIVATE_API');
  });

  t.test('a frame too short for a header: closed', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(Buffer.from([0, 0, 0, 3, 0, 1, 2]));
    t.ok(await within(c.closed, 2000));
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_MALFORMED_REQUEST');
  });

  t.test('truncated body of a known api: closed with a decode error', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(
      new KafkaWriter(16)
        .int16(0)
        .int16(7)
        .int32(5)
        .raw(Buffer.from([0, 9]))
        .frame(),
    );
    t.ok(await within(c.closed, 2000));
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_MALFORMED_REQUEST' && /Produce/.test(String(l.detail)));
  });

  t.test('oversized and negative lengths: closed before buffering', async (t) => {
    for (const [bytes, code] of [
      [Buffer.from([0x7f, 0xff, 0xff, 0xff]), 'SW_ERR_FRAME_TOO_LARGE'],
      [Buffer.from([0x80, 0, 0, 0]), 'SW_ERR_FRAME_NEGATIVE'],
    ] as const) {
      const c = await connectRaw(gw.port);
      c.send(bytes);
      t.ok(await within(c.closed, 2000), code);
      await waitForLine(gw.lines, (l) => l.err === code);
    }
  });

  t.test('client closing mid-request and random bytes: the gateway keeps serving', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(request(3, 1, 6).subarray(0, 9));
    c.socket.end();
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_FRAME_TRUNCATED');
    for (let i = 0; i < 10; i++) {
      const r = await connectRaw(gw.port);
      const junk = Buffer.alloc(40);
      for (let j = 0; j < junk.length; j++) junk[j] = (i * 31 + j * 17) & 0xff;
      r.send(junk);
      r.socket.end();
      t.ok(await within(r.closed, 2000), `junk ${i} closed`);
    }
    const ok = await connectRaw(gw.port);
    ok.send(request(18, 0, 7));
    const [f] = await ok.waitFrames(1);
    t.equal(f.readInt32BE(4), 7, 'still answers ApiVersions');
    ok.close();
  });

  t.test('Produce acks=0: forwarded, no response expected, later requests still answered in order', async (t) => {
    const c = await connectRaw(gw.port);
    // Produce v3: transactional_id null, acks 0, timeout, no topics
    const produce = new KafkaWriter(32).int16(0).int16(3).int32(8).nullableString('x').nullableString(null).int16(0).int32(1000).int32(0).frame();
    c.send(Buffer.concat([produce, request(18, 0, 9)]));
    const [f] = await c.waitFrames(1);
    t.equal(f.readInt32BE(4), 9, 'the ApiVersions answer comes, none for the acks=0 Produce');
    c.close();
  });
});
