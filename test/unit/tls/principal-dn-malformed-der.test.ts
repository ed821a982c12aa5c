// Found by fuzzing (fuzz/targets/principal-certificate.ts, FUZZING.md): a subject RDN whose
// AttributeTypeAndValue SEQUENCE lacks its type or value made subjectDnFromDer throw TypeError
// (reading a property of undefined). It must be the parser's own "malformed ASN.1" error, and
// the mapper must refuse the certificate with a reason (fail closed), never throw.
import t from 'tap';
import forge from 'node-forge';
import { subjectDnFromDer } from '../../../src/tls/principal-dn.js';
import { CertificatePrincipalMapper } from '../../../src/tls/principal.js';

const { asn1 } = forge;

/** A certificate DER whose subject's only AVA holds `items` (normally [type OID, value]). */
function certWithAva(items: forge.asn1.Asn1[]): Buffer {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0c';
  cert.setSubject([{ shortName: 'CN', value: 'alice' }]);
  cert.setIssuer([{ shortName: 'CN', value: 'test-ca' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const root = forge.pki.certificateToAsn1(cert);
  const tbs = (root.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  const subject = tbs[5]; // [0] version, serial, signature, issuer, validity, subject
  const rdn = (subject.value as forge.asn1.Asn1[])[0];
  (rdn.value as forge.asn1.Asn1[])[0] = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
  return Buffer.from(asn1.toDer(root).getBytes(), 'binary');
}

const oid = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('2.5.4.3').getBytes());

const constructedType = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [oid]);
const utf8 = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, 'alice');
// the third case, also found by fuzzing: a constructed node where the attribute type's OID belongs
for (const [what, items] of [
  ['an empty AVA', []],
  ['an AVA without a value', [oid]],
  ['an AVA whose type is not an OID', [constructedType, utf8]],
] as const) {
  t.test(`${what} is malformed ASN.1, not a TypeError`, async (t) => {
    const der = certWithAva([...items]);
    t.throws(() => subjectDnFromDer(der), { constructor: Error, message: /malformed ASN\.1/ });
    const r = CertificatePrincipalMapper.fromConfig({}).map({ raw: der });
    t.equal(r.ok, false);
    t.match(r.ok ? '' : r.reason, /malformed ASN\.1/);
  });
}

// Also found by fuzzing: a TBSCertificate with fewer fields than the subject's position (or
// none) threw TypeError from reading the missing subject node.
for (const keep of [0, 3]) {
  t.test(`a TBSCertificate of ${keep} field(s) is malformed ASN.1, not a TypeError`, async (t) => {
    const root = asn1.fromDer(forge.util.createBuffer(certWithAva([oid, oid]).toString('binary')));
    const tbs = (root.value as forge.asn1.Asn1[])[0];
    tbs.value = (tbs.value as forge.asn1.Asn1[]).slice(0, keep);
    const der = Buffer.from(asn1.toDer(root).getBytes(), 'binary');
    t.throws(() => subjectDnFromDer(der), { constructor: Error, message: /malformed ASN\.1/ });
    t.equal(CertificatePrincipalMapper.fromConfig({}).map({ raw: der }).ok, false);
  });
}
