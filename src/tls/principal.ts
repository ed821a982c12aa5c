/**
 * Client certificate -> principal (`User:<name>`), configured under `principals.mtls`:
 *
 *   rules: ['RULE:^CN=([^,]+),OU=apps,.*$/$1/L', DEFAULT]   # Kafka ssl.principal.mapping.rules
 *   san: uri                    # or { type: uri, pattern: '^spiffe://acme/ns/([^/]+)/sa/([^/]+)$', replacement: '$1.$2' }
 *   sanFallbackToRules: false   # with san: use the rules when no SAN qualifies (default: refuse)
 *
 * Without `san` the subject DN (RFC 2253, as Kafka's X500Principal.getName()) goes through the
 * rules (default: DEFAULT, i.e. the whole DN). With `san` the first SAN of that type whose value
 * matches the pattern as a whole gives the name: the replacement (Java syntax, `$1`...) when given,
 * else group 1 when the pattern has groups, else the whole value.
 */
import { GatewayError } from '../errors.js';
import { applyKafkaRules, javaReplacement, parseKafkaRules } from './principal-rules.js';
import type { KafkaRule } from './principal-rules.js';
import { subjectDnFromDer, subjectDnFromObject } from './principal-dn.js';
import { sansFromDer, sansFromNodeText } from './principal-san.js';
import type { San } from './principal-san.js';

export interface SanSelector {
  type: 'dns' | 'uri';
  pattern?: string;
  replacement?: string;
}

export interface MtlsPrincipalConfig {
  rules?: string | readonly string[];
  san?: 'dns' | 'uri' | SanSelector;
  sanFallbackToRules?: boolean;
}

/** What the mapper reads from a certificate; Node's tls.PeerCertificate fits. */
export interface CertificateLike {
  raw?: Buffer;
  subject?: object;
  subjectaltname?: string;
}

export type PrincipalResult = { ok: true; principal: string; name: string; source: 'san' | 'dn' } | { ok: false; reason: string };

interface CompiledSan {
  type: 'dns' | 'uri';
  whole: RegExp | undefined;
  replacement: string | undefined;
}

function compileSan(san: MtlsPrincipalConfig['san']): CompiledSan | undefined {
  if (san === undefined) return undefined;
  const sel: SanSelector = typeof san === 'string' ? { type: san } : san;
  if (sel.type !== 'dns' && sel.type !== 'uri') {
    throw new GatewayError('SW_ERR_CONFIG_INVALID', 'principals.mtls.san.type must be dns or uri');
  }
  let whole: RegExp | undefined;
  if (sel.pattern !== undefined) {
    try {
      whole = new RegExp(`^(?:${sel.pattern})$`);
    } catch {
      throw new GatewayError('SW_ERR_CONFIG_INVALID', 'principals.mtls.san.pattern is not a valid regular expression');
    }
  }
  if (sel.replacement !== undefined) {
    const empty = new RegExp(`${whole?.source ?? ''}|`).exec('') as RegExpExecArray;
    try {
      javaReplacement(sel.replacement, [...empty], empty.groups ?? {});
    } catch (e) {
      throw new GatewayError('SW_ERR_CONFIG_INVALID', `principals.mtls.san.replacement: ${(e as Error).message}`, { cause: e });
    }
  }
  return { type: sel.type, whole, replacement: sel.replacement };
}

export class CertificatePrincipalMapper {
  readonly #rules: KafkaRule[];
  readonly #san: CompiledSan | undefined;
  readonly #fallback: boolean;

  private constructor(rules: KafkaRule[], san: CompiledSan | undefined, fallback: boolean) {
    this.#rules = rules;
    this.#san = san;
    this.#fallback = fallback;
  }

  /** From the config file's `principals.mtls` section (rules, san, sanPattern). */
  static fromPrincipals(m: { rules: readonly string[]; san: 'dns' | 'uri' | null; sanPattern: string | null }): CertificatePrincipalMapper {
    const san = m.san ? (m.sanPattern ? { type: m.san, pattern: m.sanPattern } : m.san) : undefined;
    return CertificatePrincipalMapper.fromConfig({ rules: m.rules.length > 0 ? m.rules : undefined, san });
  }

  /** Throws GatewayError SW_ERR_CONFIG_INVALID for a bad rule or pattern. */
  static fromConfig(cfg: MtlsPrincipalConfig = {}): CertificatePrincipalMapper {
    const rules = parseKafkaRules(cfg.rules ?? 'DEFAULT');
    return new CertificatePrincipalMapper(rules, compileSan(cfg.san), cfg.sanFallbackToRules ?? false);
  }

  /** The rules applied to a DN string: the mapped name, or null when no rule applies. */
  mapDn(dn: string): string | null {
    return applyKafkaRules(this.#rules, dn);
  }

  /** The name from the configured SAN type, or null when no SAN qualifies. */
  mapSans(sans: readonly San[]): string | null {
    const sel = this.#san;
    if (!sel) return null;
    for (const san of sans) {
      if (san.type !== sel.type) continue;
      if (!sel.whole) return san.value;
      const m = sel.whole.exec(san.value);
      if (!m) continue;
      const template = sel.replacement ?? (m.length > 1 ? '$1' : '$0');
      const name = javaReplacement(template, [...m], m.groups ?? {});
      if (name !== '') return name;
    }
    return null;
  }

  map(cert: CertificateLike): PrincipalResult {
    const raw = cert.raw && cert.raw.length > 0 ? cert.raw : undefined;
    if (!raw && !cert.subject) return { ok: false, reason: 'no client certificate' };
    try {
      if (this.#san) {
        const sans = raw ? sansFromDer(raw) : sansFromNodeText(cert.subjectaltname ?? '');
        const name = this.mapSans(sans);
        if (name !== null) return { ok: true, principal: `User:${name}`, name, source: 'san' };
        if (!this.#fallback) return { ok: false, reason: `no ${this.#san.type} SAN matches principals.mtls.san` };
      }
      const dn = raw ? subjectDnFromDer(raw) : subjectDnFromObject(cert.subject ?? {});
      const name = this.mapDn(dn);
      if (name === null) return { ok: false, reason: 'no principal mapping rule applies to the certificate subject' };
      return { ok: true, principal: `User:${name}`, name, source: 'dn' };
    } catch (e) {
      return { ok: false, reason: `certificate could not be read: ${(e as Error).message}` };
    }
  }
}
