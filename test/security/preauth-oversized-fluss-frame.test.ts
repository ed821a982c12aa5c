/**
 * Attack: one 20 MiB Fluss frame (api key 1000, body = 10 Mi repetitions of `78 00`) sent before
 * authenticating on a Fluss SASL listener. It used to be buffered whole and decoded before the
 * SASL gate (16 s of event loop, +1.2 GB RSS). Now the framer refuses it from its length prefix:
 * the gateway spends well under a millisecond of event loop on it, logs
 * SW_ERR_PREAUTH_FRAME_TOO_LARGE, counts it, and its RSS does not move. Also: frames under the
 * pre-auth limit are not decoded before login (other apis get 46 unread; the handshake apis have
 * tight caps), and the full limit applies once authenticated.
 */
import t from 'tap';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussConnection } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { waitForLine } from '../helpers/listener.js';
import { childAttack } from '../helpers/attacker.js';
import { Listener } from '../../src/proxy/listener.js';
import { ClientConnection } from '../../src/proxy/connection.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';

const MiB = 1024 * 1024;

/** Length prefix + Fluss request header (api key, version 0, request id 1) for a body of `bodyBytes`. */
function head(apiKey: number, bodyBytes: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeInt32BE(8 + bodyBytes, 0);
  b.writeInt16BE(apiKey, 4);
  b.writeInt16BE(0, 6);
  b.writeInt32BE(1, 8);
  return b;
}
const PAIR = Buffer.from([0x78, 0x00]);
const plain = (user: string, pw: string) => Buffer.concat([Buffer.from([0]), Buffer.from(user), Buffer.from([0]), Buffer.from(pw)]);

/**
 * Times the gateway's own synchronous work for a connection: accepting it (sniffed first bytes,
 * connection and session set-up) and every chunk of client data it handles, in wall time and in
 * CPU time (the machine running the tests may be heavily loaded, which stretches wall time but not
 * the CPU the work needs). The real methods run; only a stopwatch is put around them.
 */
function stopwatch(): { total(): number; cpu(): number; restore(): void } {
  let ns = 0n;
  let cpuMicros = 0;
  const wrap = (proto: object, name: string) => {
    const target = proto as Record<string, (...a: unknown[]) => unknown>;
    const original = target[name];
    target[name] = function (this: unknown, ...a: unknown[]) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      try {
        return original.apply(this, a);
      } finally {
        ns += process.hrtime.bigint() - t0;
        const c = process.cpuUsage(c0);
        cpuMicros += c.user + c.system;
      }
    };
    return () => {
      target[name] = original;
    };
  };
  const undo = [wrap(Listener.prototype, 'accept'), wrap(ClientConnection.prototype, 'onClientData')];
  return { total: () => Number(ns) / 1e6, cpu: () => cpuMicros / 1000, restore: () => undo.forEach((u) => u()) };
}

t.test('20 MiB pre-auth Fluss frame', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], throttle: null }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  // Warm the refusal path once (JIT, logger), then measure the real attack three times.
  const warm = childAttack(gw.port, head(ApiKey.API_VERSIONS, 2 * MiB), PAIR, MiB);
  await warm.connected;
  await warm.go();

  // Relative measure (the test machine may be heavily loaded): the same connection life (first
  // bytes, accept, one refused length prefix, close with its log line) with a 4-byte negative
  // length as the baseline; the attack may cost at most 1 ms of CPU more than that.
  const run = async (attackHead: Buffer, pattern: Buffer, repeat: number) => {
    const attack = childAttack(gw.port, attackHead, pattern, repeat);
    await attack.connected;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const elu0 = performance.eventLoopUtilization();
    const watch = stopwatch();
    const { closedAfterMs } = await attack.go();
    watch.restore();
    const elu = performance.eventLoopUtilization(elu0);
    delay.disable();
    return { cpu: watch.cpu(), wall: watch.total(), elu: elu.active, delayMax: delay.max / 1e6, closedAfterMs, rss: (process.memoryUsage().rss - rssBefore) / MiB };
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const attacks: Array<Awaited<ReturnType<typeof run>>> = [];
  const baselines: number[] = [];
  for (let i = 0; i < 5; i++) {
    baselines.push((await run(Buffer.from([0xff, 0xff, 0xff, 0xf0]), Buffer.alloc(0), 0)).cpu);
    const a = await run(head(ApiKey.API_VERSIONS, 20 * MiB), PAIR, 10 * MiB);
    attacks.push(a);
    t.comment(
      `attack ${i + 1}: gateway work ${a.cpu.toFixed(3)} ms CPU (${a.wall.toFixed(3)} ms wall, baseline ${baselines[i].toFixed(3)} ms CPU); event loop busy ${a.elu.toFixed(2)} ms (test process, client pipe included), delay max ${a.delayMax.toFixed(1)} ms; send-to-close seen by the attacker ${a.closedAfterMs.toFixed(1)} ms; RSS ${a.rss.toFixed(1)} MiB`,
    );
    t.ok(a.elu < 500, `event loop busy ${a.elu.toFixed(2)} ms for the attack (it was ~16 s)`);
    t.ok(a.rss < 16, `RSS grew ${a.rss.toFixed(1)} MiB (it was +1.2 GB)`);
  }
  const extra = median(attacks.map((a) => a.cpu)) - median(baselines);
  t.ok(extra < 1, `the 20 MiB frame costs ${extra.toFixed(3)} ms of CPU more than a 4-byte bad frame (median of 5)`);
  t.ok(median(attacks.map((a) => a.cpu)) < 10, 'and the whole connection a few ms at most');
  const line = gw.lines.filter((l) => l.err === 'SW_ERR_PREAUTH_FRAME_TOO_LARGE').at(-1)!;
  t.match(line.detail, /20971528 > limit 524288/);
  const metric = await gw.metrics.registry.getSingleMetricAsString('streamward_frame_errors_total');
  t.match(metric, /code="SW_ERR_PREAUTH_FRAME_TOO_LARGE"\} 6/);
});

t.test('under the pre-auth limit: nothing but the handshake apis is decoded, each within its cap', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], throttle: null }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  // 500 KiB of 78 00 as CREATE_DATABASE: refused with 46 unread (decoding it took ~0.4 s).
  const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  t.teardown(() => conn.close());
  const elu0 = performance.eventLoopUtilization();
  const r = await conn.request(ApiKey.CREATE_DATABASE, 0, Buffer.alloc(500 * 1024, PAIR), 5000);
  const elu = performance.eventLoopUtilization(elu0);
  t.equal(decodeErrorResponse(r.body).code, 46, 'not authenticated');
  t.comment(`event loop busy ${elu.active.toFixed(1)} ms (client included)`);
  // A body that cannot be decoded proves it: decoding it first answered CORRUPT_MESSAGE; unread, it gets 46.
  const broken = await conn.request(ApiKey.CREATE_DATABASE, 0, Buffer.from([0x0a, 0xff]), 3000);
  t.equal(decodeErrorResponse(broken.body).code, 46, 'the body was not decoded before the gate');

  // An AUTHENTICATE of 64 KiB is over its cap: closed before decoding, not answered.
  const big = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  t.teardown(() => big.close());
  const body = encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: Buffer.alloc(64 * 1024, 0x61) });
  await t.rejects(big.request(ApiKey.AUTHENTICATE, 0, body, 3000));
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PREAUTH_FRAME_TOO_LARGE' && /AUTHENTICATE/.test(String(l.detail)));
  t.match(line.detail, /cap 5120/);

  // After login the full limit applies: a 1 MiB request body is framed and answered.
  const ok = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  t.teardown(() => ok.close());
  const auth = await ok.request(ApiKey.AUTHENTICATE, 0, encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: plain('alice', USERS.alice) }), 3000);
  t.equal(auth.type, 0);
  const after = await ok.request(ApiKey.LIST_DATABASES, 0, Buffer.alloc(MiB), 5000);
  t.ok(after.type === 0 || after.type === 1, 'a frame over the pre-auth limit is accepted after login');
});
