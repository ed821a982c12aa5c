/**
 * Import users from an existing Fluss or Kafka PLAIN JAAS configuration, e.g.
 *   org.apache.fluss.security.auth.sasl.plain.PlainLoginModule required user_admin="admin-pass";
 *   org.apache.kafka.common.security.plain.PlainLoginModule required
 *       username="admin" password="admin-pass" user_admin="admin-pass" user_bob="bob-pass";
 * Every `user_<name>="<password>"` option becomes a (user, password) pair; `username` and
 * `password` are the broker's own login and are ignored, as are other options. A whole JAAS
 * file (`KafkaServer { ... };`) and // or block comments are accepted too. Errors name the
 * position only, never a value.
 */
import { GatewayError } from '../errors.js';

export interface JaasUser {
  user: string;
  password: string;
}

const FLAGS = ['required', 'requisite', 'sufficient', 'optional'];
const WORD = /[^\s;="'{}]/;
const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

type Token = { kind: 'word' | 'string' | 'punct'; text: string; at: number };

function bad(at: number, what: string): never {
  throw new GatewayError('SW_ERR_CONFIG_INVALID', `JAAS config at offset ${at}: ${what}`);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) i++;
    else if (src.startsWith('//', i)) i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) bad(i, 'unterminated comment');
      i = end + 2;
    } else if (ch === '"' || ch === "'") {
      const at = i++;
      let text = '';
      while (i < src.length && src[i] !== ch) {
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[i + 1];
          text += ESCAPES[n] ?? n;
          i += 2;
        } else text += src[i++];
      }
      if (i >= src.length) bad(at, 'unterminated quoted value');
      i++;
      out.push({ kind: 'string', text, at });
    } else if (';={}'.includes(ch)) {
      out.push({ kind: 'punct', text: ch, at: i++ });
    } else {
      const at = i;
      while (i < src.length && WORD.test(src[i]) && !src.startsWith('//', i) && !src.startsWith('/*', i)) i++;
      out.push({ kind: 'word', text: src.slice(at, i), at });
    }
  }
  return out;
}

export function importJaas(text: string): JaasUser[] {
  const toks = tokenize(text);
  const users = new Map<string, string>();
  let i = 0;
  const peek = () => toks[i];
  while (i < toks.length) {
    const t = toks[i++];
    if (t.kind === 'punct' && (t.text === '}' || t.text === ';')) continue; // end of a file section
    if (t.kind !== 'word') bad(t.at, 'expected a login module class name');
    if (peek()?.text === '{') {
      i++; // `KafkaServer {`: a JAAS file section; its entries follow
      continue;
    }
    const flag = toks[i++];
    if (!flag || flag.kind !== 'word' || !FLAGS.includes(flag.text.toLowerCase())) bad(flag?.at ?? text.length, 'expected a control flag such as required');
    for (;;) {
      const key = toks[i++];
      if (!key) bad(text.length, 'missing ";" after the login module options');
      if (key.kind === 'punct' && key.text === ';') break;
      if (key.kind !== 'word') bad(key.at, 'expected an option name');
      if (toks[i]?.text !== '=' || toks[i]?.kind !== 'punct') bad(key.at, 'expected "=" after an option name');
      const value = toks[i + 1];
      if (!value || value.kind === 'punct') bad(key.at, 'expected a value');
      i += 2;
      if (key.text.startsWith('user_') && key.text.length > 'user_'.length) {
        users.delete(key.text.slice(5)); // re-insert so a repeated user keeps its last position
        users.set(key.text.slice(5), value.text);
      }
    }
  }
  return [...users].map(([user, password]) => ({ user, password }));
}
