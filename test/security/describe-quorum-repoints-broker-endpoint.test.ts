// Attack: one DescribeQuorum v2 (what `kafka-metadata-quorum describe` sends) lists the KRaft
// controllers' listeners under their node ids. If the gateway files those addresses under the
// broker key space, broker 1's gateway endpoint is re-pointed at controller 1's port for every
// client of the listener. Controllers must get endpoints of their own; only Metadata /
// DescribeCluster (and Produce/Fetch NodeEndpoints) define where a broker endpoint leads.
import t from 'tap';
import { KafkaAdapter } from '../../src/adapters/kafka/adapter.js';
import { anonymousPolicy } from '../../src/adapters/auth-policy.js';
import { collectAddresses } from '../../src/protocol/kafka/rewrite.js';
import { Metrics } from '../../src/metrics.js';
import { startTestListener } from '../helpers/listener.js';
import { connectRaw } from '../helpers/raw-client.js';
import { requestFrame } from '../helpers/kafka-encode.js';
import { startFakeKafka } from '../helpers/kafka/fake-cluster.js';

const METADATA = 3;
const DESCRIBE_QUORUM = 55;
const metadataV1 = (corr: number) => requestFrame(METADATA, 1, corr, 1, 'attacker', Buffer.from([0xff, 0xff, 0xff, 0xff]));
const describeQuorumV2 = (corr: number) => requestFrame(DESCRIBE_QUORUM, 2, corr, 2, 'attacker', Buffer.from([0x01, 0x00]));

t.test('DescribeQuorum cannot move a broker endpoint to a controller', async (t) => {
  const backend = await startFakeKafka({ brokers: 1, controllers: 1 });
  const broker = backend.brokers[0]!;
  const controller = backend.controllers[0]!;
  const metrics = new Metrics();
  const gw = await startTestListener({ metrics, adapter: new KafkaAdapter({ auth: anonymousPolicy('test', metrics) }), bootstrap: [{ host: broker.host, port: broker.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.stop();
  });

  const c = await connectRaw(gw.port);
  c.send(metadataV1(1));
  const [meta] = await c.waitFrames(1);
  const [brokerEp] = collectAddresses(METADATA, 1, meta!);
  t.equal(brokerEp?.nodeId, 1);
  t.not(brokerEp?.port, broker.port, 'the broker is advertised at a gateway port');

  c.send(describeQuorumV2(2));
  const [, quorum] = await c.waitFrames(2);
  const [controllerEp] = collectAddresses(DESCRIBE_QUORUM, 2, quorum!);
  t.equal(controllerEp?.nodeId, 1, 'controller 1 has the same id as broker 1');
  t.not(controllerEp?.port, controller.port, 'the controller address is rewritten too');
  t.not(controllerEp?.port, brokerEp?.port, 'controller 1 and broker 1 have different gateway endpoints');
  c.close();

  // A second client uses broker 1's endpoint as Metadata advertised it: it must reach the broker.
  const brokerSeen = broker.received.length;
  const controllerSeen = controller.received.length;
  const victim = await connectRaw(brokerEp!.port);
  victim.send(metadataV1(3));
  await victim.waitFrames(1);
  victim.close();
  t.equal(broker.received.length, brokerSeen + 1, 'the broker endpoint still leads to the broker');
  t.equal(controller.received.length, controllerSeen, 'the controller got nothing meant for the broker');
  t.notOk(
    gw.lines.some((l) => l.msg === 'node endpoint re-pointed'),
    'no endpoint was re-pointed',
  );

  // And the controller endpoint leads to the controller.
  const admin = await connectRaw(controllerEp!.port);
  admin.send(describeQuorumV2(4));
  await admin.waitFrames(1);
  admin.close();
  t.equal(controller.received.length, controllerSeen + 1, 'the controller endpoint leads to the controller');
});
