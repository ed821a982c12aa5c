// Large bodies through the HTTP listener stay streams: a 256 MiB jar upload from curl (chunked,
// generated on the fly, Expect: 100-continue), a 64 MiB upload into a backend that reads slowly
// (backpressure), and a 256 MiB download. The gateway runs in this process, so the process's
// memory growth during the transfer bounds what the gateway held: far below the body size.
import t from 'tap';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pipeline } from 'node:stream/promises';
import { startFlinkBackend } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway } from '../../helpers/http/gateway.js';
import type { AclEntry } from '../../../src/acl/types.js';

const MiB = 1024 * 1024;
const creator: AclEntry = { principal: 'User:deployer', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' };

// A full GC before each sample, so the numbers are what is held, not garbage awaiting collection.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Samples memory every 400 ms (after a GC); peak growth over the baseline taken at start: RSS, JS
 * heap, and the memory held by Buffers (arrayBuffers), where a proxy holding a body would show it.
 */
function memoryWatch(): { stop(): { rss: number; heap: number; buffers: number } } {
  gc();
  const base = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  let buffers = 0;
  const sample = () => {
    gc();
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - base.rss);
    heap = Math.max(heap, m.heapUsed - base.heapUsed);
    buffers = Math.max(buffers, m.arrayBuffers - base.arrayBuffers);
  };
  const timer = setInterval(sample, 400);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      return { rss, heap, buffers };
    },
  };
}

async function* generated(total: number): AsyncGenerator<Buffer> {
  const piece = Buffer.alloc(64 * 1024);
  for (let i = 0; i < piece.length; i++) piece[i] = (i * 31) & 0xff;
  for (let sent = 0; sent < total; sent += piece.length) yield sent + piece.length <= total ? piece : piece.subarray(0, total - sent);
}

function curlUpload(url: string, total: number, extra: string[] = []): Promise<{ code: number; out: string }> {
  const child = spawn('curl', ['-sS', '--noproxy', '*', '-u', 'deployer:deploy-pw', '-X', 'POST', '-T', '-', '-H', 'Content-Type: application/x-java-archive', ...extra, url], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const fed = pipeline(Readable.from(generated(total)), child.stdin).catch(() => undefined);
  return new Promise((resolve) =>
    child.on('close', async (code) => {
      await fed;
      resolve({ code: code ?? -1, out });
    }),
  );
}

t.test('large bodies are streamed, never held', async (t) => {
  const backend = await startFlinkBackend();
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { deployer: 'deploy-pw' }, services: { flinkAcls: [creator] }, limits: { maxBodyBytes: 2048 * MiB } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });

  t.test('256 MiB jar upload from curl', async (t) => {
    const total = 256 * MiB;
    const mem = memoryWatch();
    const r = await curlUpload(`${gw.url}/jars/upload`, total);
    const grew = mem.stop();
    t.equal(r.code, 0, r.out);
    t.equal(JSON.parse(r.out).status, 'success');
    const seen = backend.seen('/jars/upload').at(-1);
    t.equal(seen?.bodyBytes, total, 'every byte arrived');
    t.ok(seen?.complete);
    t.equal(seen?.headers['transfer-encoding'], 'chunked');
    t.equal(seen?.headers.expect, undefined, 'the gateway answered the 100-continue itself');
    // At full speed RSS and Buffer memory move with the allocator and the GC (tens of MiB of
    // noise), so the bound is loose: half the body, far below what holding it would take. The
    // tight bound is in the next test, where the client outruns the backend.
    t.ok(grew.rss < total / 2, `RSS grew ${(grew.rss / MiB).toFixed(1)} MiB for a ${total / MiB} MiB body`);
    t.ok(grew.heap < 32 * MiB, `heap grew ${(grew.heap / MiB).toFixed(1)} MiB`);
  });

  t.test('96 MiB into a backend that reads slowly: the client is held back, not buffered', async (t) => {
    const total = 96 * MiB;
    const mem = memoryWatch();
    const started = Date.now();
    const r = await curlUpload(`${gw.url}/jars/upload?sw-read-delay-ms=30`, total, ['-H', 'Expect:']);
    const grew = mem.stop();
    t.equal(r.code, 0, r.out);
    t.equal(backend.seen('/jars/upload').at(-1)?.bodyBytes, total);
    t.ok(Date.now() - started >= 96 * 30 * 0.8, 'the upload took as long as the backend read');
    // Here the client is faster than the backend: a gateway that buffered would hold most of the body.
    t.ok(grew.buffers < 24 * MiB, `Buffers held grew ${(grew.buffers / MiB).toFixed(1)} MiB for a ${total / MiB} MiB body the backend read slowly`);
    t.ok(grew.rss < 64 * MiB, `RSS grew ${(grew.rss / MiB).toFixed(1)} MiB`);
  });

  t.test('256 MiB download to curl', async (t) => {
    const total = 256 * MiB;
    const mem = memoryWatch();
    const out = await new Promise<string>((resolve) => {
      const child = spawn('curl', ['-sS', '--noproxy', '*', '-u', 'deployer:deploy-pw', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', `${gw.url}/jobs?sw-bytes=${total}`]);
      let s = '';
      child.stdout.on('data', (c: Buffer) => (s += c.toString()));
      child.on('close', () => resolve(s));
    });
    const grew = mem.stop();
    t.equal(out, `200 ${total}`);
    t.ok(grew.rss < total / 2, `RSS grew ${(grew.rss / MiB).toFixed(1)} MiB for a ${total / MiB} MiB response`);
  });

  t.test('an upload refused by the ACL is never sent: curl waits for 100-continue and gets 403', async (t) => {
    const other = await startHttpGateway({ backendUrl: backend.url, users: { deployer: 'deploy-pw' }, services: { flinkAcls: [] } });
    t.teardown(() => other.stop());
    const before = backend.seen('/jars/upload').length;
    const mem = memoryWatch();
    const r = await curlUpload(`${other.url}/jars/upload`, 256 * MiB, ['-o', '/dev/null', '-w', '%{http_code}']);
    mem.stop();
    t.match(r.out, /403/);
    t.equal(backend.seen('/jars/upload').length, before);
  });
});
