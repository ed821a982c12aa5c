/**
 * Node endpoints in `workers: N` mode. node:cluster shares a port among the workers that listen
 * on it and hands a connection only to a worker that has called listen() for it. So the primary
 * assigns each node one port (from the listener's nodePorts map, or a free ephemeral port) and
 * tells EVERY worker "node K of listener L is backend host:port on gateway port P"; a worker
 * listens on P only once it knows the node, so a connection to a node port always lands in a
 * worker that knows where to send it, whichever worker met the node first. Assignments are kept
 * and replayed to a worker that starts later (a restart).
 */
import net from 'node:net';
import type { Config } from '../config/types.js';
import type { BackendNode } from '../proxy/protocol.js';
import { portForNode } from '../config/node-port-map.js';

export interface NodeAssignment {
  listener: string;
  node: BackendNode;
  port: number;
}

/** Whether the primary can bind host:port now (it is not taken by another process). */
function bindable(host: string, port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(null));
    s.listen({ host, port, exclusive: true }, () => {
      const bound = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(bound));
    });
  });
}

export class NodePortAllocator {
  private readonly assigned = new Map<string, NodeAssignment>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: Config,
    private readonly broadcast: (a: NodeAssignment) => void,
  ) {}

  /** Every assignment so far (replayed to a worker that starts after them). */
  all(): NodeAssignment[] {
    return [...this.assigned.values()];
  }

  /** The port of a node (assigned once, then stable); every worker is told. Claims run one at a time. */
  claim(listener: string, node: BackendNode): Promise<number> {
    const run = this.queue.then(() => this.assign(listener, node));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async assign(listener: string, node: BackendNode): Promise<number> {
    const key = `${listener}\u0000${node.key}`;
    const known = this.assigned.get(key);
    if (known) {
      if (known.node.host !== node.host || known.node.port !== node.port) {
        known.node = { ...node };
        this.broadcast(known);
      }
      return known.port;
    }
    const l = this.config.listeners.find((x) => x.name === listener);
    if (!l || l.protocol === 'http') throw new Error(`no listener ${listener}`);
    let port: number | null;
    if (l.nodePorts?.kind === 'ids') {
      // the deterministic map (every worker also opens these ports at start): the same answer
      const planned = portForNode(l.nodePorts, node.key);
      if (!planned.ok) throw new Error(`${node.key}: ${planned.reason}`);
      port = planned.port;
    } else port = await bindable(l.bind.host, 0);
    if (port === null) throw new Error(`no free port for ${node.key}`);
    const a = { listener, node: { ...node }, port };
    this.assigned.set(key, a);
    this.broadcast(a);
    return port;
  }
}
