// Found by fuzzing (fuzz/targets/principal-certificate.ts, FUZZING.md): a subject attribute
// encoded as BMPString (DER tag 30, UTF-16BE) made subjectDnFromDer throw RangeError
// ("Buffer size must be a multiple of 16-bits"): node-forge already decodes BMPString values
// to text, and the DN code decoded them a second time. Such a certificate was refused ("could
// not be read") where Kafka's X500Principal.getName() prints the text, e.g. CN=alice.
import t from 'tap';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { subjectDnFromDer } from '../../../src/tls/principal-dn.js';
import { CertificatePrincipalMapper } from '../../../src/tls/principal.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const priv = forge.pki.privateKeyFromPem(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
const pub = forge.pki.publicKeyFromPem(keys.publicKey.export({ type: 'spki', format: 'pem' }) as string);

function certWithBmpCn(cn: string): Buffer {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = '0b';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  cert.setSubject([{ shortName: 'O', value: 'acme' }, { shortName: 'CN', value: cn, valueTagClass: forge.asn1.Type.BMPSTRING } as unknown as forge.pki.CertificateField]);
  cert.setIssuer([{ shortName: 'CN', value: 'test-ca' }]);
  cert.sign(priv, forge.md.sha256.create());
  return new X509Certificate(forge.pki.certificateToPem(cert)).raw;
}

t.test('a BMPString CN is printed as text, as Java does', async (t) => {
  t.equal(subjectDnFromDer(certWithBmpCn('alice')), 'CN=alice,O=acme');
  t.equal(subjectDnFromDer(certWithBmpCn('Jürgen Ω')), 'CN=Jürgen Ω,O=acme');
});

t.test('and maps to a principal', async (t) => {
  const m = CertificatePrincipalMapper.fromConfig({ rules: 'RULE:^CN=([^,]+),.*$/$1/L' });
  t.same(m.map({ raw: certWithBmpCn('Alice') }), { ok: true, principal: 'User:alice', name: 'alice', source: 'dn' });
});
