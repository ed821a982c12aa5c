/**
 * Fuzz target: reading a client certificate's identity (src/tls/principal-dn.ts,
 * principal-san.ts, principal.ts). Certificate DER built with node-forge's ASN.1 writer from
 * generated subjects (keyword and other OIDs, every DER string type Java prints, multi-valued
 * RDNs, odd-length BMPStrings, non-string values) and SAN extensions (dNSName, URI, email, IP),
 * mutations of that DER, Node's `subjectaltname` text, and the mapper end to end.
 *
 * Crash: subjectDnFromDer / sansFromDer throwing anything but a plain Error (node-forge's and
 * our "malformed ASN.1"); sansFromNodeText or CertificatePrincipalMapper.map throwing at all;
 * a plain subject (keywords, UTF8String, alphanumeric) whose DN text is not the RFC 2253 one;
 * generated SANs not read back in order.
 */
import fc from 'fast-check';
import forge from 'node-forge';
import { subjectDnFromDer } from '../../src/tls/principal-dn.js';
import { sansFromDer, sansFromNodeText } from '../../src/tls/principal-san.js';
import { CertificatePrincipalMapper } from '../../src/tls/principal.js';
import { applyMutations, mutateText, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

const { asn1 } = forge;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;

const KEYWORD_OIDS: Record<string, string> = { CN: '2.5.4.3', OU: '2.5.4.11', O: '2.5.4.10', C: '2.5.4.6', L: '2.5.4.7', UID: '0.9.2342.19200300.100.1.1' };
const OIDS = [...Object.values(KEYWORD_OIDS), '1.2.840.113549.1.9.1', '2.5.4.5', '1.3.6.1.4.1.99999.1'];

interface Ava {
  oid: string;
  tag: number;
  bytes: string;
}
const avaArb: fc.Arbitrary<Ava> = fc.record({
  oid: fc.constantFrom(...OIDS),
  tag: fc.constantFrom(12, 19, 20, 22, 27, 30, 4, 2),
  bytes: fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
    fc.uint8Array({ maxLength: 9 }).map((u) => Buffer.from(u).toString('binary')),
  ),
});
const subjectArb = fc.array(fc.array(avaArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 });

interface SanIn {
  tag: number;
  value: string;
}
const sanArb: fc.Arbitrary<SanIn> = fc.oneof(
  fc.record({ tag: fc.constantFrom(1, 2, 6), value: fc.stringMatching(/^[a-z0-9.:/@-]{1,20}$/) }),
  fc.record({ tag: fc.constant(7), value: fc.uint8Array({ minLength: 4, maxLength: 16 }).map((u) => Buffer.from(u).toString('binary')) }),
);

function name(rdns: Ava[][]): forge.asn1.Asn1 {
  return asn1.create(
    U,
    T.SEQUENCE,
    true,
    rdns.map((rdn) =>
      asn1.create(
        U,
        T.SET,
        true,
        rdn.map((a) => asn1.create(U, T.SEQUENCE, true, [asn1.create(U, T.OID, false, asn1.oidToDer(a.oid).getBytes()), asn1.create(U, a.tag, false, a.bytes)])),
      ),
    ),
  );
}

export function certificateDer(subject: Ava[][], sans: SanIn[]): Buffer {
  const algo = asn1.create(U, T.SEQUENCE, true, [asn1.create(U, T.OID, false, asn1.oidToDer('1.2.840.113549.1.1.11').getBytes())]);
  const time = asn1.create(U, T.UTCTIME, false, '260101000000Z');
  const general = asn1.create(
    U,
    T.SEQUENCE,
    true,
    sans.map((s) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, s.tag, false, s.value)),
  );
  const ext = asn1.create(U, T.SEQUENCE, true, [asn1.create(U, T.OID, false, asn1.oidToDer('2.5.29.17').getBytes()), asn1.create(U, T.OCTETSTRING, false, asn1.toDer(general).getBytes())]);
  const tbs = asn1.create(U, T.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [asn1.create(U, T.INTEGER, false, '\u0002')]),
    asn1.create(U, T.INTEGER, false, '\u0001'),
    algo,
    name([[{ oid: KEYWORD_OIDS.CN, tag: 12, bytes: 'ca' }]]),
    asn1.create(U, T.SEQUENCE, true, [time, time]),
    name(subject),
    asn1.create(U, T.SEQUENCE, true, [algo, asn1.create(U, T.BITSTRING, false, '\u0000')]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 3, true, [asn1.create(U, T.SEQUENCE, true, [ext])]),
  ]);
  const cert = asn1.create(U, T.SEQUENCE, true, [tbs, algo, asn1.create(U, T.BITSTRING, false, '\u0000')]);
  return Buffer.from(asn1.toDer(cert).getBytes(), 'binary');
}

const KEYWORD_OF = Object.fromEntries(Object.entries(KEYWORD_OIDS).map(([k, v]) => [v, k]));

/** The RFC 2253 text of a subject of plain keyword attributes, written independently of the code. */
function plainDn(subject: Ava[][]): string | null {
  const plain = subject.every((rdn) => rdn.every((a) => KEYWORD_OF[a.oid] && a.tag === 12 && /^[A-Za-z0-9]+$/.test(a.bytes)));
  return plain
    ? subject
        .map((rdn) => rdn.map((a) => `${KEYWORD_OF[a.oid]}=${a.bytes}`).join('+'))
        .reverse()
        .join(',')
    : null;
}

const mappers = [
  CertificatePrincipalMapper.fromConfig({ rules: 'RULE:^CN=([^,]+).*$/$1/L,DEFAULT' }),
  CertificatePrincipalMapper.fromConfig({ san: { type: 'uri', pattern: '^spiffe://([^/]+)/(.*)$', replacement: '$1.$2' }, sanFallbackToRules: true }),
  CertificatePrincipalMapper.fromConfig({ san: 'dns' }),
];

function checkDer(der: Buffer, subject: Ava[][] | null, sans: SanIn[] | null): void {
  for (const m of mappers) m.map({ raw: der });
  let dn: string | null = null;
  try {
    dn = subjectDnFromDer(der);
  } finally {
    sansFromDer(der);
  }
  if (subject) {
    const want = plainDn(subject);
    if (want !== null) oracle(dn === want, `subject DN ${JSON.stringify(dn)} is not ${JSON.stringify(want)}`);
  }
  if (sans && sans.every((s) => s.tag !== 7)) {
    const got = sansFromDer(der).map((s) => s.value);
    oracle(JSON.stringify(got) === JSON.stringify(sans.map((s) => s.value)), 'SANs read back differently');
  }
}

const textArb = fc
  .array(
    fc.tuple(
      fc.constantFrom('DNS', 'URI', 'email', 'IP Address', 'othername'),
      fc.oneof(
        fc.stringMatching(/^[a-z0-9.:/@-]{1,16}$/),
        fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
      ),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.map(([k, v]) => `${k}:${v}`).join(', '));

export const principalCertificateTarget = target({
  name: 'principal-certificate-dn-san',
  crash: 'DN/SAN from DER: anything but a plain Error; SAN text parser or mapper.map: any exception; plain DNs and SANs read back wrong',
  arbitrary: fc.tuple(subjectArb, fc.array(sanArb, { maxLength: 3 }), textArb, variantsArb(20)),
  expected: (e) => e instanceof Error && e.constructor === Error,
  check([subject, sans, text, variants], probe) {
    const der = certificateDer(subject, sans);
    probe(der, () => checkDer(der, subject, sans));
    probe(text, () => {
      sansFromNodeText(text);
      for (const m of mappers) m.map({ subject: { CN: 'x' }, subjectaltname: text });
    });
    for (const muts of variants) {
      const bad = applyMutations(der, muts);
      probe(bad, () => checkDer(bad, null, null));
      const t = mutateText(text, muts);
      probe(t, () => {
        try {
          sansFromNodeText(t);
        } catch (e) {
          throw new TypeError(`sansFromNodeText threw: ${(e as Error).message}`);
        }
      });
    }
  },
});
