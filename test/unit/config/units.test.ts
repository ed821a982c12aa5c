/** Durations, sizes, addresses and port ranges: parse, reject, and format back. */
import t from 'tap';
import fc from 'fast-check';
import { formatDuration, formatHostPort, formatSize, parseDuration, parseHostPort, parsePortRange, parseSize } from '../../../src/config.js';

t.test('durations', async (t) => {
  t.equal(parseDuration('250ms'), 250);
  t.equal(parseDuration('30s'), 30_000);
  t.equal(parseDuration('5m'), 300_000);
  t.equal(parseDuration('1h'), 3_600_000);
  t.equal(parseDuration('1d'), 86_400_000);
  t.equal(parseDuration('1.5h'), 5_400_000);
  t.equal(parseDuration('0s'), 0);
  for (const bad of ['30', '5 minutes', '1.0005s', '-1s', 's', '1h30m', '']) t.equal(parseDuration(bad), undefined, bad);
  t.equal(formatDuration(600_000), '10m');
  t.equal(formatDuration(1500), '1500ms');
  t.equal(formatDuration(90_000), '90s');
});

t.test('sizes', async (t) => {
  t.equal(parseSize('512'), 512);
  t.equal(parseSize(512), 512);
  t.equal(parseSize('1KiB'), 1024);
  t.equal(parseSize('100MiB'), 104_857_600);
  t.equal(parseSize('1GiB'), 1_073_741_824);
  t.equal(parseSize('2MB'), 2_000_000);
  t.equal(parseSize('1.5KiB'), 1536);
  for (const bad of ['1.3B', '10 mb', 'MiB', '-1', '1TiB']) t.equal(parseSize(bad), undefined, bad);
  t.equal(parseSize(-1), undefined);
  t.equal(parseSize(1.5), undefined);
  t.equal(formatSize(104_857_600), '100MiB');
  t.equal(formatSize(1000), '1KB');
  t.equal(formatSize(1023), '1023');
});

t.test('formatting is the inverse of parsing', async (t) => {
  fc.assert(fc.property(fc.nat({ max: 10 * 86_400_000 }), (ms) => parseDuration(formatDuration(ms)) === ms));
  fc.assert(fc.property(fc.nat({ max: 2 ** 40 }), (b) => parseSize(formatSize(b)) === b));
  t.pass('round trips hold');
});

t.test('host:port', async (t) => {
  t.same(parseHostPort('kafka-0:9092'), { host: 'kafka-0', port: 9092 });
  t.same(parseHostPort(':0'), { host: '0.0.0.0', port: 0 });
  t.same(parseHostPort('[::1]:9093'), { host: '::1', port: 9093 });
  for (const bad of ['kafka', 'kafka:', 'kafka:65536', '::1:9092', 'a b:1', 'http://x:1']) t.equal(parseHostPort(bad), undefined, bad);
  t.equal(formatHostPort({ host: '::1', port: 9 }), '[::1]:9');
  t.equal(formatHostPort({ host: 'h', port: 9 }), 'h:9');
});

t.test('port ranges', async (t) => {
  t.same(parsePortRange('9124-9199'), { first: 9124, last: 9199 });
  t.same(parsePortRange('9124'), { first: 9124, last: 9124 });
  for (const bad of ['9199-9124', '0-10', '1-70000', 'a-b', '']) t.equal(parsePortRange(bad), undefined, bad);
});
