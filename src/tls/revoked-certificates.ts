/**
 * The certificates a set of CRLs revokes, as (issuer, serial) pairs, so connections that were
 * accepted before a new CRL arrived can be checked against it: OpenSSL applies a CRL at the
 * handshake only. A certificate is revoked when a CRL whose issuer Name is byte-for-byte the
 * certificate's issuer Name lists its serial number (RFC 5280 5.1: CertificateList ->
 * tbsCertList -> revokedCertificates -> userCertificate). The CRL files come from the operator and
 * were already checked to parse with OpenSSL (src/tls/server-context.ts), which also verifies
 * their signatures at every handshake; a CRL that does not decode here lists nothing.
 */
import forge from 'node-forge';

type Asn1 = forge.asn1.Asn1;

const PEM_CRL = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g;

function children(node: Asn1 | undefined): Asn1[] {
  return node && Array.isArray(node.value) ? (node.value as Asn1[]) : [];
}

function isUniversal(node: Asn1 | undefined, type: number): node is Asn1 {
  return node !== undefined && node.tagClass === forge.asn1.Class.UNIVERSAL && node.type === type;
}

/** DER bytes of a node, as a binary string (the key the issuer is compared by). */
function derOf(node: Asn1): string {
  return forge.asn1.toDer(node).getBytes();
}

/** An INTEGER's content without leading zero bytes, in hex: one serial, one spelling. */
function serialKey(node: Asn1): string {
  const bytes = String(node.value);
  let i = 0;
  while (i < bytes.length - 1 && bytes.charCodeAt(i) === 0) i++;
  return forge.util.bytesToHex(bytes.slice(i));
}

function parseDer(der: Buffer): Asn1 | null {
  try {
    return forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')), true);
  } catch {
    return null;
  }
}

export class RevokedCertificates {
  /** issuer Name DER -> serials (hex) it revokes */
  private readonly byIssuer = new Map<string, Set<string>>();

  /** Reads every PEM CRL block of the given files' contents. */
  static fromPem(files: readonly Buffer[]): RevokedCertificates {
    const out = new RevokedCertificates();
    for (const file of files) {
      for (const m of file.toString('latin1').matchAll(PEM_CRL)) out.addCrl(Buffer.from(m[1].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const s of this.byIssuer.values()) n += s.size;
    return n;
  }

  private addCrl(der: Buffer): void {
    const tbs = children(parseDer(der) ?? undefined)[0];
    const fields = children(tbs);
    // version INTEGER OPTIONAL, signature AlgorithmIdentifier, issuer Name, thisUpdate, nextUpdate OPTIONAL, revokedCertificates OPTIONAL
    let i = isUniversal(fields[0], forge.asn1.Type.INTEGER) ? 1 : 0;
    i++; // signature
    const issuer = fields[i++];
    if (!isUniversal(issuer, forge.asn1.Type.SEQUENCE)) return;
    i++; // thisUpdate
    if (isUniversal(fields[i], forge.asn1.Type.UTCTIME) || isUniversal(fields[i], forge.asn1.Type.GENERALIZEDTIME)) i++; // nextUpdate
    const revoked = fields[i];
    if (!isUniversal(revoked, forge.asn1.Type.SEQUENCE)) return; // none revoked (or the extensions follow)
    const key = derOf(issuer);
    let set = this.byIssuer.get(key);
    if (!set) this.byIssuer.set(key, (set = new Set()));
    for (const entry of children(revoked)) {
      const serial = children(entry)[0];
      if (isUniversal(serial, forge.asn1.Type.INTEGER)) set.add(serialKey(serial));
    }
  }

  /** Whether the certificate (DER) is listed by a CRL of its issuer. False when it does not decode. */
  revokes(certDer: Buffer): boolean {
    if (this.byIssuer.size === 0) return false;
    const tbs = children(children(parseDer(certDer) ?? undefined)[0]);
    // [0] EXPLICIT version OPTIONAL, serialNumber INTEGER, signature, issuer Name, ...
    const at = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
    const serial = tbs[at];
    const issuer = tbs[at + 2];
    if (!isUniversal(serial, forge.asn1.Type.INTEGER) || !isUniversal(issuer, forge.asn1.Type.SEQUENCE)) return false;
    return this.byIssuer.get(derOf(issuer))?.has(serialKey(serial)) ?? false;
  }
}
