/** `streamward certs` in process: the files it writes, client specs, CA reuse. */
import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseClientSpec } from '../../../src/cli/certs.js';
import { main } from '../../../src/cli/dispatch.js';
import { memoryIO } from './io.js';

t.test('client specs', async (t) => {
  t.same(parseClientSpec('alice'), { cn: 'alice' });
  t.same(parseClientSpec('app1, OU=apps, O=example'), { cn: 'app1', ou: 'apps', o: 'example' });
  t.throws(() => parseClientSpec(',OU=x'), /needs a CN/);
});

t.test('writes the PKI with the requested names', async (t) => {
  const dir = join(t.testdir({}), 'pki');
  const io = memoryIO();
  const code = await main(
    [
      'certs',
      '--out',
      dir,
      '--ca-cn',
      'Test Root',
      '--server-cn',
      'gw.local',
      '--san',
      'DNS:gw.local,IP:127.0.0.1',
      '--san',
      'DNS:other',
      '--client',
      'alice',
      '--client',
      'app1,OU=apps,O=example',
      '--days',
      '30',
    ],
    io,
  );
  t.equal(code, 0, io.err());
  const names = ['ca.pem', 'ca.key', 'server.pem', 'server.key', 'client-alice.pem', 'client-alice.key', 'client-app1.pem', 'client-app1.key'];
  for (const n of names) t.match(io.out(), `wrote   ${join(dir, n)}`);
  const caCert = new X509Certificate(await readFile(join(dir, 'ca.pem')));
  t.equal(caCert.subject, 'CN=Test Root');
  const srv = new X509Certificate(await readFile(join(dir, 'server.pem')));
  t.equal(srv.subject, 'CN=gw.local');
  t.equal(srv.subjectAltName, 'DNS:gw.local, IP Address:127.0.0.1, DNS:other');
  const days = (Date.parse(srv.validTo) - Date.parse(srv.validFrom)) / 86_400_000;
  t.ok(Math.abs(days - 30) < 0.01, `server lifetime ${days} days`);
  t.equal(new X509Certificate(await readFile(join(dir, 'client-app1.pem'))).subject, 'O=example\nOU=apps\nCN=app1');
  t.equal((await stat(join(dir, 'client-app1.key'))).mode & 0o777, 0o600);

  const again = memoryIO();
  t.equal(await main(['certs', '--out', dir, '--client', 'bob'], again), 0);
  t.match(again.out(), `kept    ${join(dir, 'ca.pem')}`);
  t.equal(new X509Certificate(await readFile(join(dir, 'ca.pem'))).fingerprint256, caCert.fingerprint256);
});
