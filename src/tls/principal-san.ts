/**
 * Subject Alternative Names of a client certificate, in certificate order: from the DER (exact)
 * or, without it, from Node's `subjectaltname` text ("DNS:a, URI:spiffe://t/x, IP Address:..."
 * where values with special characters are JSON-quoted).
 */
import forge from 'node-forge';
import { tbsFields } from './principal-dn.js';

export type SanType = 'dns' | 'uri' | 'email' | 'ip';

export interface San {
  type: SanType;
  value: string;
}

const SAN_OID = '2.5.29.17';
/** GeneralName context tags: [1] rfc822Name, [2] dNSName, [6] URI, [7] iPAddress */
const TAGS: Record<number, SanType> = { 1: 'email', 2: 'dns', 6: 'uri', 7: 'ip' };

function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const words: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) words.push(bytes.readUInt16BE(i).toString(16));
  return words.join(':');
}

export function sansFromDer(certDer: Buffer): San[] {
  const ext = tbsFields(certDer).find((f) => f.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && f.type === 3);
  if (!ext || !Array.isArray(ext.value) || !ext.value[0] || !Array.isArray(ext.value[0].value)) return [];
  for (const e of ext.value[0].value) {
    if (!Array.isArray(e.value)) continue;
    const [id, ...rest] = e.value;
    if (!id || rest.length === 0 || typeof id.value !== 'string') throw new Error('malformed ASN.1: extension without an id or a value');
    if (forge.asn1.derToOid(id.value) !== SAN_OID) continue;
    const octets = rest[rest.length - 1];
    if (typeof octets.value !== 'string') throw new Error('malformed ASN.1: subjectAltName value is not an OCTET STRING');
    const names = forge.asn1.fromDer(forge.util.createBuffer(octets.value as string));
    const out: San[] = [];
    for (const gn of Array.isArray(names.value) ? names.value : []) {
      const type = gn.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? TAGS[gn.type] : undefined;
      if (!type || typeof gn.value !== 'string') continue;
      const bytes = Buffer.from(gn.value, 'binary');
      out.push({ type, value: type === 'ip' ? ipText(bytes) : bytes.toString('latin1') });
    }
    return out;
  }
  return [];
}

const TEXT_TYPES: Record<string, SanType> = { DNS: 'dns', URI: 'uri', email: 'email', 'IP Address': 'ip' };

/** Parse Node's `subjectaltname` string. */
export function sansFromNodeText(text: string): San[] {
  const out: San[] = [];
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const label = text.slice(i, colon).trim();
    let value: string;
    let j = colon + 1;
    if (text[j] === '"') {
      // JSON string: find the closing quote that is not escaped
      let k = j + 1;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
      try {
        value = JSON.parse(text.slice(j, k + 1)) as string;
      } catch {
        value = text.slice(j + 1, k);
      }
      j = k + 1;
    } else {
      const comma = text.indexOf(', ', j);
      const end = comma < 0 ? text.length : comma;
      value = text.slice(j, end);
      j = end;
    }
    const type = TEXT_TYPES[label];
    if (type) out.push({ type, value: type === 'ip' ? value.toLowerCase() : value });
    i = text.startsWith(', ', j) ? j + 2 : j + 1;
  }
  return out;
}
