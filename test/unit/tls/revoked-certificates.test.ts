// RevokedCertificates lists what a CRL (signed by the system `openssl ca`) revokes, by issuer and
// serial, so connections accepted before the CRL can be checked against it.
import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import t from 'tap';
import { RevokedCertificates } from '../../../src/tls/revoked-certificates.js';
import forge from 'node-forge';
import { createCa } from '../../../src/tls/certs.js';
import { testPki } from '../../helpers/pki.js';
import { TestCrl } from '../../helpers/crl.js';

const der = (pemFile: string) => new X509Certificate(fs.readFileSync(pemFile)).raw;

/** A certificate with a chosen serial, issued by `ca` (PEM). */
function sameSerialCert(ca: { cert: string; key: string }, serialHex: string): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialHex.toLowerCase();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: 'bob' }]);
  cert.setIssuer(forge.pki.certificateFromPem(ca.cert).subject.attributes);
  cert.sign(forge.pki.privateKeyFromPem(ca.key) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

t.test('a CRL revokes exactly the listed serials of its issuer', async (t) => {
  const pki = await testPki();
  const crl = new TestCrl({ cert: pki.ca, key: pki.caKey });
  const file = `${fs.mkdtempSync('/tmp/sw-revoked-')}/crl.pem`;
  crl.write(file);
  const empty = RevokedCertificates.fromPem([fs.readFileSync(file)]);
  t.equal(empty.size, 0, 'a CRL with nothing revoked lists nothing');
  t.equal(empty.revokes(der(pki.clients.bob.cert)), false);

  crl.revoke(pki.clients.bob.cert);
  crl.write(file);
  const one = RevokedCertificates.fromPem([fs.readFileSync(file)]);
  t.equal(one.size, 1);
  t.equal(one.revokes(der(pki.clients.bob.cert)), true, 'the revoked certificate is listed');
  t.equal(one.revokes(der(pki.clients.alice.cert)), false, 'another certificate of the same CA is not');

  // Same serial, other issuer: not revoked (a CRL speaks for its own CA only).
  const otherCa = createCa({ cn: 'Other CA' });
  const bobSerial = new X509Certificate(fs.readFileSync(pki.clients.bob.cert)).serialNumber;
  const foreign = sameSerialCert(otherCa, bobSerial);
  t.equal(new X509Certificate(foreign).serialNumber, bobSerial, 'the foreign certificate has the same serial');
  t.equal(one.revokes(new X509Certificate(foreign).raw), false, 'a certificate of another issuer with the same serial is not revoked');

  t.equal(one.revokes(Buffer.from('not a certificate')), false, 'garbage is not listed');
  t.equal(RevokedCertificates.fromPem([Buffer.from('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n')]).size, 0, 'a CRL that does not decode lists nothing');
});
