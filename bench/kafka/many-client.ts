/**
 * One producer connection of the many-connections load tool, set up as a Kafka client would:
 * connect (plaintext or TLS) to the bootstrap address, ApiVersions, Metadata for the topic, then
 * (when the partition's leader is advertised elsewhere, e.g. a gateway node port) a connection to
 * the leader with ApiVersions again, and one Produce (not timed). Afterwards it holds that
 * pre-encoded Produce request and sends it when the scheduler asks, at most one in flight,
 * timing send -> answer.
 */
import net from 'node:net';
import tls from 'node:tls';
import { FrameReader } from '../../testkit/fluss/frame-reader.js';
import { apiVersionsError, apiVersionsRequest, metadataRequest, produceError, produceRequest, setCorrelationId, topicLayout, UNSUPPORTED_VERSION } from './raw-frames.js';

/** Largest answer the tool accepts (a one-topic Metadata or a Produce answer is far smaller). */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface Endpoint {
  host: string;
  port: number;
}

export interface ClientSettings {
  tlsCa: Buffer | null;
  topic: string;
  acks: number;
  batch: Buffer;
  timeoutMs: number;
}

/** Answers in request order (Kafka answers a connection's requests in order). */
class Wire {
  private readonly reader = new FrameReader(MAX_ANSWER_BYTES);
  private readonly waiting: Array<(frame: Buffer | null) => void> = [];
  closed = false;

  constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = this.reader.push(chunk);
      } catch (e) {
        socket.destroy(e as Error);
        return;
      }
      for (const f of frames) this.waiting.shift()?.(f);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w(null);
    });
  }

  /** Sends `frame`; `onAnswer` gets the answer, or null when the connection closes first. */
  send(frame: Buffer, onAnswer: (frame: Buffer | null) => void): void {
    if (this.closed) return onAnswer(null);
    this.waiting.push(onAnswer);
    this.socket.write(frame);
  }

  ask(frame: Buffer, what: string): Promise<Buffer> {
    return new Promise((resolve, reject) => this.send(frame, (f) => (f ? resolve(f) : reject(new Error(`${what}: connection closed`)))));
  }
}

function open(at: Endpoint, s: ClientSettings): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const socket = s.tlsCa ? tls.connect({ host: at.host, port: at.port, ca: s.tlsCa, servername: 'localhost' }) : net.connect(at.port, at.host);
    const timer = setTimeout(() => socket.destroy(new Error(`connect to ${at.host}:${at.port}: timeout`)), s.timeoutMs);
    const failed = (e: Error): void => {
      clearTimeout(timer);
      reject(e);
    };
    socket.once('error', failed);
    socket.once(s.tlsCa ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', failed);
      resolve(new Wire(socket));
    });
  });
}

export class ProducerConnection {
  private wire: Wire | null = null;
  private frame: Buffer | null = null;
  private correlation = 10;
  inFlight = false;

  constructor(
    private readonly index: number,
    private readonly s: ClientSettings,
  ) {}

  get clientId(): string {
    return `many-${this.index}`;
  }

  get ready(): boolean {
    return this.frame !== null && this.wire !== null && !this.wire.closed;
  }

  /** Connects as a client would and picks partition `index % partitions`. */
  async setUp(bootstrap: Endpoint): Promise<void> {
    let wire = await open(bootstrap, this.s);
    try {
      await this.apiVersions(wire);
      const layout = topicLayout(await wire.ask(metadataRequest(2, this.clientId, this.s.topic), 'Metadata'), this.s.topic);
      if (layout.leaders.size === 0) throw new Error(`metadata: topic ${this.s.topic} has no partitions`);
      const partition = this.index % layout.leaders.size;
      const leader = layout.brokers.get(layout.leaders.get(partition) ?? -1);
      if (!leader) throw new Error(`metadata: no leader for partition ${partition}`);
      if (leader.host !== bootstrap.host || leader.port !== bootstrap.port) {
        wire.socket.destroy();
        wire = await open(leader, this.s);
        await this.apiVersions(wire);
      }
      const frame = produceRequest({ correlationId: 4, clientId: this.clientId, topic: this.s.topic, partition, acks: this.s.acks, batch: this.s.batch });
      // One produce before the timed step, as a client's first message: whatever a proxy opens
      // lazily towards the broker is open before timing starts.
      const first = produceError(await wire.ask(frame, 'Produce'));
      if (first !== 0) throw new Error(`first Produce error ${first}`);
      this.frame = frame;
      this.wire = wire;
    } catch (e) {
      wire.socket.destroy();
      throw e;
    }
  }

  /** ApiVersions v3, and v0 when the broker answers UNSUPPORTED_VERSION (as clients fall back; the mock broker knows up to v2). */
  private async apiVersions(wire: Wire): Promise<void> {
    let error = apiVersionsError(await wire.ask(apiVersionsRequest(1, this.clientId), 'ApiVersions'));
    if (error === UNSUPPORTED_VERSION) error = apiVersionsError(await wire.ask(apiVersionsRequest(1, this.clientId, 0), 'ApiVersions v0'));
    if (error !== 0) throw new Error(`ApiVersions error ${error}`);
  }

  /**
   * Sends the Produce request now; `done` gets the send -> answer time in µs and the answer's
   * error code (-2: the connection closed before answering, -3: an answer to another request).
   */
  produce(done: (us: number, error: number) => void): void {
    const wire = this.wire;
    const frame = this.frame;
    if (!wire || !frame) return done(0, -2);
    const id = ++this.correlation;
    setCorrelationId(frame, id);
    this.inFlight = true;
    const t0 = performance.now();
    wire.send(frame, (answer) => {
      this.inFlight = false;
      const us = (performance.now() - t0) * 1000;
      if (!answer) return done(us, -2);
      done(us, answer.length >= 8 && answer.readInt32BE(4) === id ? produceError(answer) : -3);
    });
  }

  close(): void {
    this.wire?.socket.destroy();
  }
}
