/**
 * Subject DN text in the exact form Kafka maps: Java's X500Principal.getName() (RFC 2253).
 * - RDNs from the most specific (last in the certificate) to the least: `CN=alice,OU=apps,O=acme`;
 *   the attributes of a multi-valued RDN are joined with '+' in certificate order.
 * - Keywords only for CN, C, L, ST, O, OU, STREET, DC, UID; any other attribute is written as its
 *   dotted OID with `#` and the lowercase hex of the value's DER encoding (emailAddress becomes
 *   `1.2.840.113549.1.9.1=#16...`). So is a value that is not a string type.
 * - In string values `, = + < > # ; " \` get a backslash, NUL becomes `\00`, and leading or
 *   trailing spaces (and CR) get a backslash each.
 * From the certificate DER (node-forge's ASN.1 reader) the result is exact; from Node's
 * `PeerCertificate.subject` object it is best effort (that object loses the RDN grouping and the
 * value encodings), so prefer `raw`.
 */
import forge from 'node-forge';

const KEYWORDS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** DER string types Java prints as text, with the charset it decodes them in. */
const STRING_TAGS: Record<number, 'utf8' | 'latin1' | 'utf16be'> = { 12: 'utf8', 19: 'latin1', 20: 'latin1', 22: 'latin1', 27: 'latin1', 30: 'utf16be' };

export function escapeDnValue(value: string): string {
  let s = '';
  for (const ch of value) {
    if (',=+<>#;"\\'.includes(ch)) s += `\\${ch}`;
    else if (ch === '\u0000') s += '\\00';
    else s += ch;
  }
  const chars = [...s];
  let lead = 0;
  while (lead < chars.length && (chars[lead] === ' ' || chars[lead] === '\r')) lead++;
  let trail = chars.length - 1;
  while (trail >= 0 && (chars[trail] === ' ' || chars[trail] === '\r')) trail--;
  return chars.map((c, i) => (i < lead || i > trail ? `\\${c}` : c)).join('');
}

function decode(bytes: string, charset: 'utf8' | 'latin1' | 'utf16be'): string {
  // node-forge hands BMPString values over already decoded (one JS char per UTF-16 unit)
  if (charset === 'utf16be') return bytes;
  const b = Buffer.from(bytes, 'binary');
  return charset === 'latin1' ? b.toString('latin1') : b.toString('utf8');
}

function avaText(oid: string, value: forge.asn1.Asn1): string {
  const keyword = KEYWORDS[oid];
  const charset = value.tagClass === forge.asn1.Class.UNIVERSAL && !value.constructed ? STRING_TAGS[value.type] : undefined;
  if (!keyword || !charset || typeof value.value !== 'string') {
    return `${keyword ?? oid}=#${forge.asn1.toDer(value).toHex().toLowerCase()}`;
  }
  return `${keyword}=${escapeDnValue(decode(value.value, charset))}`;
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error('malformed ASN.1: expected a constructed value');
  return node.value;
}

/** RFC 2253 text of an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue). */
export function nameToRfc2253(name: forge.asn1.Asn1): string {
  const rdns = children(name).map((set) =>
    children(set)
      .map((ava) => {
        const [type, value] = children(ava);
        if (!type || !value || typeof type.value !== 'string') throw new Error('malformed ASN.1: attribute without a type OID or a value');
        return avaText(forge.asn1.derToOid(type.value), value);
      })
      .join('+'),
  );
  return rdns.reverse().join(',');
}

/** The TBSCertificate's fields, with the optional [0] version skipped. */
export function tbsFields(certDer: Buffer): forge.asn1.Asn1[] {
  const cert = forge.asn1.fromDer(forge.util.createBuffer(certDer.toString('binary')));
  const fields = children(children(cert)[0]);
  const first = fields[0];
  if (!first) throw new Error('malformed ASN.1: empty TBSCertificate');
  return first.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && first.type === 0 ? fields.slice(1) : fields;
}

/** Subject DN of a DER certificate as Kafka sees it (serial, sigAlg, issuer, validity, subject). */
export function subjectDnFromDer(certDer: Buffer): string {
  return nameToRfc2253(tbsFields(certDer)[4]);
}

/** Node short names that are not RFC 2253 keywords: their OID and usual DER string tag. */
const OTHER_NAMES: Record<string, [string, number]> = {
  emailAddress: ['1.2.840.113549.1.9.1', 22],
  serialNumber: ['2.5.4.5', 19],
  title: ['2.5.4.12', 12],
  SN: ['2.5.4.4', 12],
  GN: ['2.5.4.42', 12],
  initials: ['2.5.4.43', 12],
  generationQualifier: ['2.5.4.44', 12],
  dnQualifier: ['2.5.4.46', 19],
  pseudonym: ['2.5.4.65', 12],
  description: ['2.5.4.13', 12],
  postalCode: ['2.5.4.17', 12],
  businessCategory: ['2.5.4.15', 12],
  name: ['2.5.4.41', 12],
  organizationIdentifier: ['2.5.4.97', 12],
};
const SHORT_KEYWORDS: Record<string, string> = { CN: 'CN', C: 'C', L: 'L', ST: 'ST', O: 'O', OU: 'OU', street: 'STREET', DC: 'DC', UID: 'UID' };

function derHex(tag: number, text: string): string {
  const body = tag === 12 ? Buffer.from(text, 'utf8') : Buffer.from(text, 'latin1');
  const len = body.length < 128 ? Buffer.from([body.length]) : lengthBytes(body.length);
  return Buffer.concat([Buffer.from([tag]), len, body]).toString('hex');
}

function lengthBytes(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Best-effort DN from Node's `PeerCertificate.subject` ({ C, O, OU: [..], CN, ... }). */
export function subjectDnFromObject(subject: object): string {
  const avas: string[] = [];
  for (const [key, raw] of Object.entries(subject)) {
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (typeof v !== 'string') continue;
      const keyword = SHORT_KEYWORDS[key];
      const other = OTHER_NAMES[key];
      if (keyword) avas.push(`${keyword}=${escapeDnValue(v)}`);
      else if (other) avas.push(`${other[0]}=#${derHex(other[1], v)}`);
      else if (/^\d+(\.\d+)+$/.test(key)) avas.push(`${key}=#${derHex(12, v)}`);
      else avas.push(`${key}=${escapeDnValue(v)}`);
    }
  }
  return avas.reverse().join(',');
}
