// Signal handling of `streamward run`: SIGHUP reloads (also during a reload, without a crash),
// SIGTERM drains then closes, a second SIGTERM closes at once, SIGHUP after SIGTERM is ignored.
import { EventEmitter } from 'node:events';
import t from 'tap';
import { handleSignals } from '../../../src/cli/signals.js';
import { createMemoryLogger } from '../../../src/log.js';
import type { RunningGateway } from '../../../src/gateway.js';

function fakeGateway(calls: string[], drainMs = 50): RunningGateway {
  let reloading = 0;
  return {
    reload: async () => {
      calls.push(`reload${reloading > 0 ? ' (during another)' : ''}`);
      reloading++;
      await new Promise((r) => setTimeout(r, 30));
      reloading--;
      return [];
    },
    drain: async (ms?: number) => {
      calls.push(`drain ${ms}`);
      await new Promise((r) => setTimeout(r, drainMs));
      calls.push('drained');
    },
    close: async () => {
      calls.push('close');
    },
  } as unknown as RunningGateway;
}

t.test('SIGHUP reloads, twice in a row without a crash', async (t) => {
  const calls: string[] = [];
  const source = new EventEmitter();
  const { log, lines } = createMemoryLogger();
  const h = handleSignals(fakeGateway(calls), { drainTimeoutMs: 1000, log, source });
  t.teardown(() => h.remove());
  source.emit('SIGHUP');
  source.emit('SIGHUP');
  await new Promise((r) => setTimeout(r, 100));
  t.equal(calls.filter((c) => c.startsWith('reload')).length, 2, 'both reloads ran');
  t.equal(lines.filter((l) => l.msg === 'reload finished').length, 2);
});

t.test('SIGTERM drains with the timeout, then closes; a second SIGTERM closes at once', async (t) => {
  const calls: string[] = [];
  const source = new EventEmitter();
  const { log, lines } = createMemoryLogger();
  const h = handleSignals(fakeGateway(calls, 200), { drainTimeoutMs: 1234, log, source });
  let done = false;
  void h.done.then(() => (done = true));
  source.emit('SIGTERM');
  await new Promise((r) => setTimeout(r, 20));
  t.same(calls, ['drain 1234'], 'draining');
  source.emit('SIGHUP');
  source.emit('SIGTERM');
  await new Promise((r) => setTimeout(r, 20));
  t.same(calls, ['drain 1234', 'close'], 'second SIGTERM: close now; SIGHUP while stopping ignored');
  t.ok(lines.some((l) => l.msg === 'second stop signal: closing now'));
  t.notOk(done, 'done waits for the drain to end');
  await h.done;
  t.same(calls, ['drain 1234', 'close', 'drained', 'close']);
  h.remove();
  t.equal(source.listenerCount('SIGTERM'), 0, 'handlers removed');
  t.equal(source.listenerCount('SIGHUP'), 0);
});

t.test('SIGINT behaves like SIGTERM', async (t) => {
  const calls: string[] = [];
  const source = new EventEmitter();
  const h = handleSignals(fakeGateway(calls, 1), { drainTimeoutMs: 5, log: createMemoryLogger().log, source });
  source.emit('SIGINT');
  await h.done;
  t.same(calls, ['drain 5', 'drained', 'close']);
  h.remove();
});
