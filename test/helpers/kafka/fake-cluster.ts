/**
 * A scripted Kafka backend for address-rewrite tests: one TCP server per broker and per KRaft
 * controller, each answering Metadata (v0-8), FindCoordinator (v0-2) and DescribeQuorum (v2)
 * with the test encoders, naming every node at its real 127.0.0.1 port. Each server records
 * the api keys it received, so a test can prove which backend a gateway endpoint leads to.
 * (The librdkafka mocks speak no DescribeQuorum v2, hence this stand-in for those apis.)
 */
import net from 'node:net';
import { Framer } from '../../../src/proxy/framer.js';
import { describeQuorumResponse, findCoordinatorResponse, metadataResponse } from '../kafka-encode.js';

export interface FakeNode {
  id: number;
  host: string;
  port: number;
  /** Api keys received by this server, in order. */
  received: number[];
}

export interface FakeKafkaCluster {
  brokers: FakeNode[];
  controllers: FakeNode[];
  /** The broker named by FindCoordinator answers. */
  coordinatorId: number;
  stop(): Promise<void>;
}

function answer(cluster: FakeKafkaCluster, frame: Buffer): Buffer | null {
  const key = frame.readInt16BE(4);
  const version = frame.readInt16BE(6);
  const corr = frame.readInt32BE(8);
  const brokers = cluster.brokers.map((b) => ({ nodeId: b.id, host: b.host, port: b.port }));
  if (key === 3 && version <= 8) return metadataResponse(version, corr, { brokers, topics: [] });
  if (key === 10 && version <= 2) {
    const c = brokers.find((b) => b.nodeId === cluster.coordinatorId)!;
    return findCoordinatorResponse(version, corr, { single: { key: 'g', ...c } });
  }
  if (key === 55 && version === 2) {
    const nodes = cluster.controllers.map((c) => ({ nodeId: c.id, listeners: [{ name: 'CONTROLLER', host: c.host, port: c.port }] }));
    return describeQuorumResponse(corr, { nodes });
  }
  return null;
}

async function serve(cluster: FakeKafkaCluster, id: number, sockets: Set<net.Socket>): Promise<{ node: FakeNode; server: net.Server }> {
  const node: FakeNode = { id, host: '127.0.0.1', port: 0, received: [] };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const framer = new Framer(1 << 20);
    socket.on('data', (chunk: Buffer) =>
      framer.push(chunk, (f) => {
        node.received.push(f.readInt16BE(4));
        const out = answer(cluster, Buffer.from(f));
        if (out) socket.write(out);
        else socket.destroy();
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  node.port = (server.address() as net.AddressInfo).port;
  return { node, server };
}

/** Brokers get ids 1..brokers; controllers get ids 1..controllers too (KRaft ids may overlap in tests). */
export async function startFakeKafka(opts: { brokers: number; controllers?: number; coordinatorId?: number }): Promise<FakeKafkaCluster> {
  const sockets = new Set<net.Socket>();
  const servers: net.Server[] = [];
  const cluster: FakeKafkaCluster = {
    brokers: [],
    controllers: [],
    coordinatorId: opts.coordinatorId ?? opts.brokers,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
  for (let i = 1; i <= opts.brokers; i++) {
    const { node, server } = await serve(cluster, i, sockets);
    cluster.brokers.push(node);
    servers.push(server);
  }
  for (let i = 1; i <= (opts.controllers ?? 0); i++) {
    const { node, server } = await serve(cluster, i, sockets);
    cluster.controllers.push(node);
    servers.push(server);
  }
  return cluster;
}
