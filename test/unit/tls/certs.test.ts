/**
 * The development PKI against real TLS: Node servers and clients using the generated files,
 * mTLS accept/reject (untrusted CA, expired certificate), OpenSSL's own verification of the
 * output, and writePki's files and modes.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import tls from 'node:tls';
import { createCa, createClientCert, createServerCert, parseSan, writePki } from '../../../src/tls/certs.js';

const ca = createCa({ cn: 'test CA' });
const server = createServerCert(ca, { cn: 'localhost' });
const alice = createClientCert(ca, { cn: 'alice', ou: 'apps', o: 'example' });
const expired = createClientCert(ca, { cn: 'old', notBefore: new Date(Date.now() - 5 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
const otherCa = createCa({ cn: 'other CA' });
const stranger = createClientCert(otherCa, { cn: 'mallory' });

interface Outcome {
  /** What the server saw, if the handshake completed on its side. */
  server?: { authorized: boolean; authorizationError?: string; cn?: string };
  serverError?: string;
  clientError?: string;
  clientAuthorized?: boolean;
}

/** One connection from a client to a fresh server on 127.0.0.1:0; resolves once both sides settled. */
async function handshake(serverOpts: tls.TlsOptions, clientOpts: tls.ConnectionOptions): Promise<Outcome> {
  const out: Outcome = {};
  const srv = tls.createServer({ cert: server.cert, key: server.key, ...serverOpts });
  srv.on('secureConnection', (s) => {
    const peer = s.getPeerCertificate();
    out.server = { authorized: s.authorized, authorizationError: s.authorizationError?.toString(), cn: peer?.subject?.CN as string | undefined };
    s.end('hello');
  });
  srv.on('tlsClientError', (e) => {
    out.serverError = (e as NodeJS.ErrnoException).code ?? e.message;
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      sock.destroy();
      resolve();
    }, 5000);
    const sock = tls.connect({ host: '127.0.0.1', port, ...clientOpts });
    sock.on('secureConnect', () => {
      out.clientAuthorized = sock.authorized;
    });
    sock.on('data', () => undefined);
    sock.on('error', (e: NodeJS.ErrnoException) => {
      out.clientError = e.code ?? e.message;
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return out;
}

t.test('a client trusting the CA verifies the server certificate by name and by IP', async (t) => {
  const byName = await handshake({}, { ca: ca.cert, servername: 'localhost' });
  t.equal(byName.clientAuthorized, true);
  t.equal(byName.clientError, undefined);
  const byIp = await handshake({}, { ca: ca.cert });
  t.equal(byIp.clientAuthorized, true, 'IP:127.0.0.1 SAN matches');
  const wrongName = await handshake({}, { ca: ca.cert, servername: 'evil.example.com' });
  t.equal(wrongName.clientError, 'ERR_TLS_CERT_ALTNAME_INVALID');
  const untrusting = await handshake({}, { ca: otherCa.cert, servername: 'localhost' });
  t.match(untrusting.clientError, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
});

t.test('mTLS: the server accepts a client certificate from its CA', async (t) => {
  const r = await handshake({ ca: ca.cert, requestCert: true, rejectUnauthorized: false }, { ca: ca.cert, servername: 'localhost', cert: alice.cert, key: alice.key });
  t.same(r.server, { authorized: true, authorizationError: undefined, cn: 'alice' });
  // written O, OU, CN: the RFC 2253 form (reversed) Kafka mapping rules see is CN=alice,OU=apps,O=example
  t.equal(new X509Certificate(alice.cert).subject, 'O=example\nOU=apps\nCN=alice');
});

t.test('mTLS: untrusted-CA and expired client certificates are rejected', async (t) => {
  const strangerR = await handshake({ ca: ca.cert, requestCert: true, rejectUnauthorized: false }, { ca: ca.cert, servername: 'localhost', cert: stranger.cert, key: stranger.key });
  t.equal(strangerR.server?.authorized, false);
  t.match(strangerR.server?.authorizationError, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);

  const expiredR = await handshake({ ca: ca.cert, requestCert: true, rejectUnauthorized: false }, { ca: ca.cert, servername: 'localhost', cert: expired.cert, key: expired.key });
  t.equal(expiredR.server?.authorized, false);
  t.equal(expiredR.server?.authorizationError, 'CERT_HAS_EXPIRED');

  const strict = await handshake({ ca: ca.cert, requestCert: true, rejectUnauthorized: true }, { ca: ca.cert, servername: 'localhost', cert: stranger.cert, key: stranger.key });
  t.equal(strict.server, undefined, 'a strict server never completes the handshake');
  t.ok(strict.serverError, `server reports ${strict.serverError}`);
  const none = await handshake({ ca: ca.cert, requestCert: true, rejectUnauthorized: true }, { ca: ca.cert, servername: 'localhost' });
  t.equal(none.server, undefined, 'no certificate at all is refused by a strict server');
});

function opensslVersion(): string | null {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}
const openssl = opensslVersion();

t.test('OpenSSL accepts the certificates and keys', { skip: openssl === null && 'openssl not installed' }, async (t) => {
  t.comment(openssl ?? '');
  const dir = t.testdir({});
  const files = await writePki(dir, { clients: [{ cn: 'app1', ou: 'apps', o: 'example' }] });
  const run = (...args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  t.match(run('verify', '-CAfile', files.ca, '-purpose', 'sslserver', files.server.cert), /: OK/);
  t.match(run('verify', '-CAfile', files.ca, '-purpose', 'sslclient', files.clients.app1!.cert), /: OK/);
  t.throws(() => run('verify', '-CAfile', files.ca, '-purpose', 'sslserver', files.clients.app1!.cert), 'a client certificate is not a server certificate');
  t.match(run('pkey', '-in', files.server.key, '-check', '-noout'), /valid/i);
  t.match(run('x509', '-in', files.clients.app1!.cert, '-noout', '-subject', '-nameopt', 'RFC2253'), /subject=CN=app1,OU=apps,O=example/);
  t.match(run('x509', '-in', files.server.cert, '-noout', '-ext', 'subjectAltName'), /DNS:localhost, IP Address:127\.0\.0\.1/);
});

t.test('writePki: files, modes, CA reuse', async (t) => {
  const dir = t.testdir({});
  const first = await writePki(dir, { clients: ['alice', 'CN with/odd chars'], sans: ['DNS:gw.example.com', 'IP:10.0.0.5'] });
  t.equal(first.reusedCa, false);
  t.equal(first.clients['CN with/odd chars']!.cert, join(dir, 'client-CN_with_odd_chars.pem'));
  for (const key of [first.caKey, first.server.key, first.clients.alice!.key]) t.equal((await stat(key)).mode & 0o777, 0o600, key);
  t.equal((await stat(first.ca)).mode & 0o777, 0o644);
  const serverCert = new X509Certificate(await readFile(first.server.cert));
  t.equal(serverCert.subjectAltName, 'DNS:gw.example.com, IP Address:10.0.0.5');
  t.ok(serverCert.verify(new X509Certificate(await readFile(first.ca)).publicKey));

  const caBefore = await readFile(first.ca, 'utf8');
  const second = await writePki(dir, { clients: ['bob'] });
  t.equal(second.reusedCa, true);
  t.equal(await readFile(second.ca, 'utf8'), caBefore, 'the CA is kept');
  const bob = new X509Certificate(await readFile(second.clients.bob!.cert));
  t.ok(bob.checkIssued(new X509Certificate(caBefore)), 'new certificates come from the kept CA');
  const third = await writePki(dir, { reuseCa: false, caCn: 'fresh' });
  t.equal(third.reusedCa, false);
  t.not(await readFile(third.ca, 'utf8'), caBefore);
});

t.test('server certificate SAN defaults and SAN parsing', async (t) => {
  const gw = new X509Certificate(createServerCert(ca, { cn: 'gw.example.com' }).cert);
  t.equal(gw.subjectAltName, 'DNS:gw.example.com, DNS:localhost, IP Address:127.0.0.1');
  t.same(parseSan('DNS:a.b'), { type: 2, value: 'a.b' });
  t.same(parseSan('ip:::1'), { type: 7, ip: '::1' });
  t.same(parseSan('URI:spiffe://td/ns/x'), { type: 6, value: 'spiffe://td/ns/x' });
  t.same(parseSan('10.1.2.3'), { type: 7, ip: '10.1.2.3' });
  t.same(parseSan('host'), { type: 2, value: 'host' });
  t.throws(() => parseSan('IP:not-an-ip'), /not an IP address/);
  const uriClient = new X509Certificate(createClientCert(ca, { cn: 'w', sans: ['URI:spiffe://td/ns/a/sa/w'] }).cert);
  t.equal(uriClient.subjectAltName, 'URI:spiffe://td/ns/a/sa/w');
});
