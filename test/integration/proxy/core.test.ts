import t from 'tap';
import { ToyAdapter, startToyBackend, toyFrame, int32 } from '../../helpers/toy-protocol.js';
import { startTestListener, waitForLine } from '../../helpers/listener.js';
import { connectRaw, within } from '../../helpers/raw-client.js';

t.test('ordered protocol: answers leave in request order, local ones wait for earlier backend ones', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.send(Buffer.concat([toyFrame(1, 0, int32(80)), toyFrame(2, 2), toyFrame(3, 0, int32(1)), toyFrame(4, 4), toyFrame(5, 2)]));
  const frames = await c.waitFrames(5);
  t.same(
    frames.map((f) => f.readInt32BE(4)),
    [1, 2, 3, 4, 5],
    'ids in request order',
  );
  t.equal(frames[1][8], 0x82, 'frame 2 was answered by the gateway');
  t.equal(frames[0][8], 0, 'frame 1 came from the backend');
  c.close();
});

t.test('unordered protocol: a fast answer overtakes a slow one', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(false), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.send(Buffer.concat([toyFrame(1, 0, int32(150)), toyFrame(2, 0, int32(1))]));
  const frames = await c.waitFrames(2);
  t.same(
    frames.map((f) => f.readInt32BE(4)),
    [2, 1],
  );
  c.close();
});

t.test('frames without an expected response are forwarded and get none', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.send(Buffer.concat([toyFrame(1, 1), toyFrame(2, 0)]));
  const frames = await c.waitFrames(1);
  t.equal(frames[0].readInt32BE(4), 2);
  await new Promise((r) => setTimeout(r, 50));
  t.equal(c.frames.length, 1);
  c.close();
});

t.test('oversized frame: closed before the body arrives, one log line with the code', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }], limits: { maxFrameBytes: 1000 } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.send(int32(5000));
  t.ok(await within(c.closed, 2000), 'connection closed');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_FRAME_TOO_LARGE');
  t.match(line.detail, /5000/);
  t.equal(backend.sockets.size, 0, 'nothing reached the backend');
});

t.test('negative length and random bytes close cleanly', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }], limits: { maxFrameBytes: 1 << 20 } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const neg = await connectRaw(gw.port);
  neg.send(Buffer.from([0xff, 0xff, 0xff, 0x00]));
  t.ok(await within(neg.closed, 2000));
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_FRAME_NEGATIVE');
  for (let i = 0; i < 20; i++) {
    const r = await connectRaw(gw.port);
    const junk = Buffer.alloc(64);
    for (let j = 0; j < junk.length; j++) junk[j] = Math.floor(Math.random() * 256);
    r.send(junk);
    r.socket.end();
    t.ok(await within(r.closed, 2000), `random bytes ${i} closed`);
  }
});

t.test('client closing mid-frame is logged as truncated', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.send(toyFrame(1, 0, Buffer.alloc(100)).subarray(0, 50));
  await new Promise((r) => setTimeout(r, 30));
  c.socket.end();
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_FRAME_TRUNCATED');
});

t.test('backend unreachable: client closed, one line says why', async (t) => {
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: 1 }] });
  t.teardown(() => gw.stop());
  const c = await connectRaw(gw.port);
  c.send(toyFrame(1, 0));
  t.ok(await within(c.closed, 3000), 'client closed');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UPSTREAM_UNREACHABLE');
  t.match(line.detail, /127\.0\.0\.1:1/);
});

t.test('backend closing mid-response: client closed, logged', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.send(toyFrame(1, 0, int32(500)));
  await new Promise((r) => setTimeout(r, 50));
  for (const s of backend.sockets) {
    s.write(Buffer.from([0, 0, 0, 50, 0, 0]));
    s.destroy();
  }
  t.ok(await within(c.closed, 2000));
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UPSTREAM_CLOSED');
  t.match(line.detail, /mid-response/);
});

t.test('a protocol may answer requests in flight when the backend fails', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(false), bootstrap: [{ host: '127.0.0.1', port: backend.port }], services: { toyFailureAnswers: true } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.send(toyFrame(7, 0, int32(1000)));
  await new Promise((r) => setTimeout(r, 50));
  for (const s of backend.sockets) s.destroy();
  const [f] = await c.waitFrames(1);
  t.equal(f.readInt32BE(4), 7);
  t.equal(f[8], 0x7f);
});

t.test('slow consumer: backend is paused, gateway memory stays bounded', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  c.socket.pause();
  const requests = 200;
  const size = 1 << 20;
  for (let i = 0; i < requests; i++) c.send(toyFrame(i, 5, int32(size)));
  // wait (on a loaded machine, well past 1.5 s) until the backend has produced most answers
  const queued = (): number => [...backend.sockets].reduce((n, s) => n + s.writableLength, 0);
  for (const end = Date.now() + 30_000; queued() <= 100 * size && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  const flushed = backend.flushedBytes();
  t.ok(flushed < 64 * size, `backend flushed ${(flushed / size).toFixed(1)} MiB of ${requests} MiB`);
  const queuedAtBackend = queued();
  t.ok(queuedAtBackend > 100 * size, `the backlog waits at the backend (${(queuedAtBackend / size).toFixed(0)} MiB), not in the gateway`);
  c.socket.resume();
  const frames = await c.waitFrames(requests, 120_000);
  t.equal(frames.length, requests, 'every response delivered once the client reads');
  t.same(
    frames.map((f) => f.readInt32BE(4)),
    [...Array(requests).keys()],
  );
  c.close();
});

t.test('max connections: extra connections are refused with a log line', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }], limits: { maxConnections: 2 } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const a = await connectRaw(gw.port);
  a.send(toyFrame(1, 2));
  const b = await connectRaw(gw.port);
  b.send(toyFrame(1, 2));
  await a.waitFrames(1);
  await b.waitFrames(1);
  const c = await connectRaw(gw.port);
  c.send(toyFrame(1, 2));
  t.ok(await within(c.closed, 2000));
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_MAX_CONNECTIONS');
  a.close();
  b.close();
});

t.test('TLS ClientHello on a plaintext port is detected and closed', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const tls = await import('node:tls');
  const s = tls.connect({ host: '127.0.0.1', port: gw.port, rejectUnauthorized: false });
  const closed = new Promise<void>((r) => {
    s.on('error', () => r());
    s.on('close', () => r());
  });
  t.ok(await within(closed, 3000), 'TLS client sees the connection end');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_TLS_ON_PLAIN_PORT');
});

t.test('plaintext on a TLS port is detected and closed; TLS clients get through', async (t) => {
  const { testServerTls, testPki } = await import('../../helpers/pki.js');
  const fs = await import('node:fs');
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }], tls: await testServerTls() });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const plain = await connectRaw(gw.port);
  plain.send(toyFrame(1, 2));
  t.ok(await within(plain.closed, 3000), 'plaintext client closed');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PLAIN_ON_TLS_PORT');
  const pki = await testPki();
  const secure = await connectRaw(gw.port, { tls: { ca: fs.readFileSync(pki.ca), servername: 'localhost' } });
  secure.send(toyFrame(9, 0));
  const [f] = await secure.waitFrames(1);
  t.equal(f.readInt32BE(4), 9, 'TLS client answered through the backend');
  secure.close();
});

t.test('mTLS required: a client certificate from an unknown CA is refused', async (t) => {
  const { testServerTls, testPki } = await import('../../helpers/pki.js');
  const { createCa, createClientCert } = await import('../../../src/tls/certs.js');
  const fs = await import('node:fs');
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }], tls: await testServerTls('required') });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const pki = await testPki();
  const ca = fs.readFileSync(pki.ca);
  const good = await connectRaw(gw.port, { tls: { ca, servername: 'localhost', cert: fs.readFileSync(pki.clients.alice.cert), key: fs.readFileSync(pki.clients.alice.key) } });
  good.send(toyFrame(1, 0));
  await good.waitFrames(1);
  good.close();
  const rogueCa = createCa({ cn: 'rogue' });
  const rogue = createClientCert(rogueCa, { cn: 'mallory' });
  const tls = await import('node:tls');
  const s = tls.connect({ host: '127.0.0.1', port: gw.port, ca, servername: 'localhost', cert: rogue.cert, key: rogue.key });
  s.on('error', () => {});
  s.on('secureConnect', () => s.write(toyFrame(2, 0)));
  const closed = new Promise<void>((r) => s.on('close', () => r()));
  t.ok(await within(closed, 3000), 'rogue client closed');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_CLIENT_CERT' || l.err === 'SW_ERR_TLS_HANDSHAKE');
  t.equal(backend.sockets.size, 0, 'the rogue client never reached the backend');
});

t.test('bootstrap failover: a frame sent while the first address fails reaches the next one', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({
    adapter: new ToyAdapter(true),
    bootstrap: [
      { host: '127.0.0.1', port: 1 },
      { host: '127.0.0.1', port: backend.port },
    ],
  });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  for (let i = 0; i < 4; i++) {
    const c = await connectRaw(gw.port);
    c.send(toyFrame(40 + i, 0));
    const [f] = await c.waitFrames(1);
    t.equal(f.readInt32BE(4), 40 + i, `connection ${i} answered`);
    c.close();
  }
});

t.test('large backend answers are forwarded whole and in order (chunked, uncopied path)', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const c = await connectRaw(gw.port);
  const sizes = [3_000_000, 10, 1_500_000, 700_000];
  sizes.forEach((n, i) => c.send(toyFrame(i, 5, int32(n))));
  const frames = await c.waitFrames(sizes.length, 10000);
  t.same(
    frames.map((f) => f.length - 9),
    sizes,
    'sizes intact',
  );
  t.same(
    frames.map((f) => f.readInt32BE(4)),
    [0, 1, 2, 3],
    'in order',
  );
  t.ok(
    frames.every((f) => f.subarray(9).every((b) => b === 0xab)),
    'bytes intact',
  );
  c.close();
});
