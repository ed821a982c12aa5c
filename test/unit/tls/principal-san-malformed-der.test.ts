// Found by fuzzing (fuzz/targets/principal-certificate.ts, FUZZING.md): an extension SEQUENCE
// without its id and value (or with a constructed value where the OCTET STRING belongs) made
// sansFromDer throw TypeError. It must be the parser's "malformed ASN.1" Error, and a mapper
// that reads SANs must refuse the certificate with a reason (fail closed), never throw.
import t from 'tap';
import forge from 'node-forge';
import { sansFromDer } from '../../../src/tls/principal-san.js';
import { CertificatePrincipalMapper } from '../../../src/tls/principal.js';

const { asn1 } = forge;
const keys = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });

/** A certificate with a SAN extension whose Extension SEQUENCE holds `items`. */
function certWithExtension(items: (ext: forge.asn1.Asn1[]) => forge.asn1.Asn1[]): Buffer {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0d';
  cert.setSubject([{ shortName: 'CN', value: 'alice' }]);
  cert.setIssuer([{ shortName: 'CN', value: 'test-ca' }]);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 6, value: 'spiffe://acme/alice' }] }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const root = forge.pki.certificateToAsn1(cert);
  const tbs = (root.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  const exts = tbs.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 3)!;
  const ext = ((exts.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[])[0];
  ext.value = items(ext.value as forge.asn1.Asn1[]);
  return Buffer.from(asn1.toDer(root).getBytes(), 'binary');
}

t.test('the unmodified certificate reads its URI SAN', async (t) => {
  t.same(sansFromDer(certWithExtension((e) => e)), [{ type: 'uri', value: 'spiffe://acme/alice' }]);
});

const cases: Array<[string, (e: forge.asn1.Asn1[]) => forge.asn1.Asn1[]]> = [
  ['an empty extension', () => []],
  ['an extension with only its id', (e) => [e[0]]],
  ['a SAN extension whose value is constructed', (e) => [e[0], asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [])]],
];
for (const [what, edit] of cases) {
  t.test(`${what} is malformed ASN.1, not a TypeError`, async (t) => {
    const der = certWithExtension(edit);
    t.throws(() => sansFromDer(der), { constructor: Error, message: /malformed ASN\.1/ });
    const r = CertificatePrincipalMapper.fromConfig({ san: 'uri' }).map({ raw: der });
    t.equal(r.ok, false);
  });
}
