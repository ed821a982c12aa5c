/**
 * Kafka's `ssl.principal.mapping.rules`, behaving like its SslPrincipalMapper:
 * - The text is a comma-separated list of `DEFAULT` and `RULE:<pattern>/<replacement>/[LU]`.
 *   Commas inside a pattern or replacement do not split (`/` inside them is written `\/`);
 *   empty entries are ignored; anything else is an invalid rule.
 * - Rules are tried in order on the subject DN (RFC 2253 text). A RULE applies only when its
 *   pattern matches the WHOLE DN; then the DN's matches are replaced with the replacement
 *   (Java syntax: `$n` group references, `\` escapes), lower- or upper-cased by L / U.
 *   A `$n` naming a group the pattern lacks is literal text (trailing digits are dropped first:
 *   with 2 groups `$12` is group 1 followed by "2").
 * - DEFAULT yields the whole DN. No rule applying means no principal.
 * Patterns are compiled as JavaScript regular expressions (the common Java syntax is the same;
 * Java-only constructs such as possessive quantifiers are rejected when the config loads).
 * Bound (not in Kafka): the DN comes from the client's certificate and patterns backtrack, so a
 * crafted DN can make even a documented rule (`^CN=(.*?),OU=(.*?),...,C=(.*?)$`) cost time
 * polynomial in its repeated separators (4 KB: 43 s of CPU). A DN longer than MAX_DN_CHARS or
 * with more commas than MAX_DN_COMMAS gets no principal (fail closed) before any rule runs;
 * real subjects (RFC 5280 upper bounds) stay far below both.
 */
import { GatewayError } from '../errors.js';

export type KafkaRule =
  | { kind: 'default' }
  | {
      kind: 'rule';
      text: string;
      pattern: string;
      /** the replacement as written */
      rawReplacement: string;
      /** the replacement with references to missing groups made literal */
      replacement: string;
      whole: RegExp;
      each: RegExp;
      groups: number;
      lower: boolean;
      upper: boolean;
    };

const RULE = String.raw`(DEFAULT)|RULE:((\\.|[^\\/])*)/((\\.|[^\\/])*)/([LU]?).*?|(.*?)`;
const SPLITTER = new RegExp(String.raw`\s*(` + RULE + String.raw`)\s*(,\s*|$)`, 'g');
const PARSER = new RegExp(RULE, 'y');

/** Split a Kafka rules string into rule texts (empty ones included, as Kafka does). */
export function splitKafkaRules(text: string): string[] {
  const src = text.trim();
  const out: string[] = [];
  SPLITTER.lastIndex = 0;
  while (SPLITTER.lastIndex <= src.length) {
    const m = SPLITTER.exec(src);
    if (!m) break;
    out.push(m[1]);
    if (m[0].length === 0) SPLITTER.lastIndex++; // an empty match moves on by one, like Matcher.find
  }
  return out;
}

/** What a match of `re` looks like with every group unmatched (gives the group count and names). */
function emptyMatch(re: RegExp): RegExpExecArray {
  return new RegExp(`${re.source}|`).exec('') as RegExpExecArray;
}

/** Make `$n` references to missing groups literal, exactly as Kafka does before replaceAll. */
export function escapeMissingGroupRefs(replacement: string, groups: number): string {
  if (groups === 0) return replacement;
  let value = replacement;
  for (const m of replacement.matchAll(/\$(\d+)/g)) {
    if (m[1].startsWith('0')) continue;
    let ref = Number(m[1]);
    while (ref > groups && ref >= 10) ref = Math.floor(ref / 10);
    // Kafka indexes into the already-edited string with positions from the original one.
    if (ref > groups) value = `${value.slice(0, m.index)}\\${value.slice(m.index)}`;
  }
  return value;
}

/** Expand a Java replacement string for one match (java.util.regex.Matcher.appendReplacement). */
export function javaReplacement(replacement: string, match: readonly (string | undefined)[], named?: Record<string, string | undefined>): string {
  const groups = match.length - 1;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      if (++i >= replacement.length) throw new Error('character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      if (++i >= replacement.length) throw new Error('group index is missing');
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        const name = end < 0 ? '' : replacement.slice(i + 1, end);
        if (!named || !(name in named)) throw new Error(`no group with name {${name}}`);
        out += named[name] ?? '';
        i = end;
        continue;
      }
      let ref = replacement.charCodeAt(i) - 48;
      if (ref < 0 || ref > 9) throw new Error('illegal group reference');
      while (i + 1 < replacement.length) {
        const d = replacement.charCodeAt(i + 1) - 48;
        if (d < 0 || d > 9 || ref * 10 + d > groups) break;
        ref = ref * 10 + d;
        i++;
      }
      if (ref > groups) throw new Error(`no group ${ref}`);
      out += match[ref] ?? '';
    } else out += c;
  }
  return out;
}

function compile(text: string, pattern: string, replacement: string, flag: string): KafkaRule {
  let each: RegExp;
  let whole: RegExp;
  try {
    each = new RegExp(pattern, 'g');
    whole = new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `principal rule ${text}: pattern is not a valid regular expression`);
  }
  const empty = emptyMatch(each);
  const groups = empty.length - 1;
  const escaped = escapeMissingGroupRefs(replacement, groups);
  try {
    javaReplacement(escaped, [...empty], empty.groups ?? {});
  } catch (e) {
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `principal rule ${text}: replacement ${(e as Error).message}`, { cause: e });
  }
  return {
    kind: 'rule',
    text,
    pattern,
    rawReplacement: replacement,
    replacement: escaped,
    whole,
    each,
    groups,
    lower: flag === 'L',
    upper: flag === 'U',
  };
}

/** Parse rules from a Kafka-style string or a list of them (each item split the same way). */
export function parseKafkaRules(input: string | readonly string[]): KafkaRule[] {
  const texts = (typeof input === 'string' ? [input] : input).flatMap(splitKafkaRules);
  const rules: KafkaRule[] = [];
  for (const text of texts) {
    PARSER.lastIndex = 0;
    const m = PARSER.exec(text);
    if (!m || m[0].length !== text.length) {
      throw new GatewayError('SW_ERR_CONFIG_INVALID', `invalid principal mapping rule: ${text}`);
    }
    if (m[1] !== undefined) rules.push({ kind: 'default' });
    else if (m[2] !== undefined) rules.push(compile(text, m[2], m[4], m[6]));
    // an empty entry is ignored
  }
  return rules;
}

/** A rule as Kafka prints it in logs: `DEFAULT` or `RULE:<pattern>/<replacement>[/L|/U]`. */
export function describeKafkaRule(r: KafkaRule): string {
  if (r.kind === 'default') return 'DEFAULT';
  return `RULE:${r.pattern}/${r.rawReplacement}${r.lower ? '/L' : r.upper ? '/U' : ''}`;
}

/** Longest subject DN text mapped (every RFC 5280 upper bound of the usual attributes fits). */
export const MAX_DN_CHARS = 1024;
/** Most commas in a mapped DN (RDN separators and escaped commas in values alike). */
export const MAX_DN_COMMAS = 64;

/** True when rules may run on `dn`: within the bounds that keep backtracking patterns cheap. */
export function dnWithinRuleBounds(dn: string): boolean {
  if (dn.length > MAX_DN_CHARS) return false;
  let commas = 0;
  for (let i = dn.indexOf(','); i >= 0; i = dn.indexOf(',', i + 1)) if (++commas > MAX_DN_COMMAS) return false;
  return true;
}

/** The mapped name for `dn`, or null when no rule applies or the DN is out of bounds. */
export function applyKafkaRules(rules: readonly KafkaRule[], dn: string): string | null {
  if (!dnWithinRuleBounds(dn)) return null;
  for (const r of rules) {
    if (r.kind === 'default') return dn;
    if (!r.whole.test(dn)) continue;
    r.each.lastIndex = 0;
    let name = dn.replace(r.each, (...args: unknown[]) => {
      const match = args.slice(0, r.groups + 1) as (string | undefined)[];
      const last = args[args.length - 1];
      const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
      return javaReplacement(r.replacement, match, named);
    });
    if (r.lower) name = name.toLowerCase();
    else if (r.upper) name = name.toUpperCase();
    return name;
  }
  return null;
}
