/**
 * Kafka's `sasl.kerberos.principal.to.local.rules`: a Kerberos principal (user@REALM,
 * service/host@REALM) becomes the short name of `User:<name>`. Same syntax and results as
 * Kafka's KerberosShortNamer / KerberosRule / KerberosName (clients/.../security/kerberos):
 *
 *   DEFAULT                                         first component, if the realm is the default realm
 *   RULE:[n:format](match)s/from/to/[g][/L|/U]      n components; format uses $0 (realm), $1, $2;
 *                                                   (match) must match the whole formatted string;
 *                                                   s/// replaces the first (or every, g) match;
 *                                                   /L or /U lower- or upper-cases the result
 *
 * The first rule that applies wins; none applying is an error (Kafka: NoMatchingRule), as is a
 * result containing '/' or '@'. Patterns are Java regular expressions, evaluated here with
 * JavaScript's engine (the same for the usual classes, groups and quantifiers); replacements use
 * Java's syntax ($n groups, \x literal), translated here; anything else is refused at load.
 */

const RULE_PARSER = /^(?:(DEFAULT)|RULE:\[(\d*):([^\]]*)\](?:\(([^)]*)\))?(?:s\/([^/]*)\/([^/]*)\/(g)?)?\/?(L|U)?)$/;
const NAME_PARSER = /^([^/@]*)(?:\/([^/@]*))?@([^/@]*)$/;

export interface KerberosName {
  service: string;
  host: string | null;
  realm: string | null;
}

/** Kafka's KerberosName.parse: at most service/host@REALM; a name without '@' is simple. */
export function parseKerberosName(name: string): KerberosName {
  const m = NAME_PARSER.exec(name);
  if (m) return { service: m[1]!, host: m[2] ?? null, realm: m[3]! };
  if (name.includes('@')) throw new Error(`Malformed Kerberos name: ${name}`);
  return { service: name, host: null, realm: null };
}

type Piece = string | number;
interface Rule {
  text: string;
  isDefault: boolean;
  components: number;
  format: string;
  match: RegExp | null;
  from: RegExp | null;
  to: Piece[];
  caseChange: 'L' | 'U' | null;
}

/** Java Matcher replacement text as literal pieces and group numbers ($n, \x escapes). */
function parseReplacement(to: string, groups: number): Piece[] {
  const out: Piece[] = [];
  let lit = '';
  for (let i = 0; i < to.length; i++) {
    const c = to[i]!;
    if (c === '\\') {
      if (i + 1 >= to.length) throw new Error('character to be escaped is missing');
      lit += to[++i];
    } else if (c === '$') {
      if (!/[0-9]/.test(to[i + 1] ?? '')) throw new Error(`illegal group reference in "${to}"`);
      let n = Number(to[++i]);
      while (/[0-9]/.test(to[i + 1] ?? '') && n * 10 + Number(to[i + 1]) <= groups) n = n * 10 + Number(to[++i]);
      if (n > groups) throw new Error(`no group ${n} in "${to}"`);
      if (lit) out.push(lit);
      lit = '';
      out.push(n);
    } else lit += c;
  }
  if (lit) out.push(lit);
  return out;
}

function groupCount(re: RegExp): number {
  return (new RegExp(`${re.source}|`).exec('')?.length ?? 1) - 1;
}

function parseRule(text: string): Rule {
  const m = RULE_PARSER.exec(text);
  if (!m) throw new Error(`Invalid rule: ${text}`);
  if (m[1]) return { text, isDefault: true, components: 0, format: '', match: null, from: null, to: [], caseChange: null };
  if (m[2] === '') throw new Error(`Invalid rule: ${text} (no component count)`);
  const from = m[5] === undefined ? null : new RegExp(m[5], m[7] ? 'g' : '');
  return {
    text,
    isDefault: false,
    components: Number.parseInt(m[2]!, 10),
    format: m[3]!,
    match: m[4] === undefined ? null : new RegExp(`^(?:${m[4]})$`),
    from,
    to: from ? parseReplacement(m[6]!, groupCount(from)) : [],
    caseChange: (m[8] as 'L' | 'U' | undefined) ?? null,
  };
}

/** $n in the format replaced by params[n]; an index out of range is an error (BadFormatString). */
function fillFormat(format: string, params: string[]): string {
  return format.replace(/\$(\d*)/g, (_all, digits: string) => {
    if (digits === '') throw new Error(`bad format in username mapping in ${format}`);
    const n = Number(digits);
    if (n >= params.length) throw new Error(`index ${n} from ${format} is outside of the valid range 0 to ${params.length - 1}`);
    return params[n]!;
  });
}

function applyRule(r: Rule, params: string[], defaultRealm: string): string | null {
  let result: string | null = null;
  if (r.isDefault) {
    if (params[0] === defaultRealm) result = params[1]!;
  } else if (params.length - 1 === r.components) {
    const base = fillFormat(r.format, params);
    if (!r.match || r.match.test(base)) {
      result = r.from ? base.replace(r.from, (...args: unknown[]) => r.to.map((p) => (typeof p === 'number' ? String(args[p] ?? '') : p)).join('')) : base;
    }
  }
  if (result !== null && /[/@]/.test(result)) throw new Error(`Non-simple name ${result} after auth_to_local rule ${r.text}`);
  if (result !== null && r.caseChange === 'L') return result.toLowerCase();
  if (result !== null && r.caseChange === 'U') return result.toUpperCase();
  return result;
}

export class KerberosShortNamer {
  readonly #rules: Rule[];
  /** Throws on the first invalid rule (the config check reports it). No rules = ["DEFAULT"]. */
  constructor(
    readonly defaultRealm: string,
    rules: readonly string[] = ['DEFAULT'],
  ) {
    this.#rules = (rules.length ? rules : ['DEFAULT']).map(parseRule);
  }

  /** The short name for a principal; throws when no rule applies or a rule fails. */
  shortName(principal: string): string {
    const n = parseKerberosName(principal);
    if (n.host === null && n.realm === null) return n.service;
    const params = n.host === null ? [n.realm!, n.service] : [n.realm!, n.service, n.host];
    for (const r of this.#rules) {
      const result = applyRule(r, params, this.defaultRealm);
      if (result !== null) return result;
    }
    throw new Error(`No rules apply to ${principal}, rules [${this.#rules.map((r) => r.text).join(', ')}]`);
  }
}
