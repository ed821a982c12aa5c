/**
 * Fuzz targets: SASL PLAIN and SCRAM messages (src/sasl). Valid client messages built from
 * their grammar (RFC 4616 PLAIN tokens; RFC 5802 client-first with gs2 header, authzid,
 * extensions; client-final with channel binding, nonce and proof), byte mutations of them and
 * raw bytes, through the parsers and through whole SaslServerSession exchanges (PLAIN against
 * a stub store that knows alice/pw; SCRAM against phantom credentials).
 *
 * Crash: any exception at all (the parsers return null and the session answers a failure for
 * bad input); a PLAIN token that re-joins to other text; a parsed valid SCRAM message whose
 * fields differ from those written; saslname escaping that does not round-trip; an exchange
 * that succeeds for anything but alice's own password.
 */
import fc from 'fast-check';
import { splitPlainToken } from '../../src/sasl/plain.js';
import { decodeSaslName, encodeSaslName, parseClientFinal, parseClientFirst } from '../../src/sasl/scram-messages.js';
import { SaslServerSession } from '../../src/sasl/session.js';
import type { CredentialLookup, MechanismName, StepResult } from '../../src/sasl/types.js';
import { mutateText, applyMutations, rawBytesArb, variantsArb } from '../lib/mutate.js';
import { oracle, target, type Probe } from '../lib/target.js';

const credentials: CredentialLookup = {
  verifyPlain: async (user, password) => user === 'alice' && password === 'pw',
  scramCredentials: () => [],
  phantomScram: () => ({ salt: Buffer.from('fuzz-salt'), iterations: 4096 }),
};

const nameArb = fc.oneof(fc.constantFrom('alice', 'bob', 'a=b', 'x,y', 'ünï', '=2C', 'admin'), fc.string({ minLength: 1, maxLength: 12 }));
const printable = fc.stringMatching(/^[\x21-\x2b\x2d-\x7e]{1,24}$/);

const plainArb = fc
  .record({ authzid: fc.constantFrom('', 'alice', 'admin'), user: nameArb, password: fc.oneof(fc.constant('pw'), fc.string({ maxLength: 12 })) })
  .map((p) => `${p.authzid}\u0000${p.user}\u0000${p.password}`);

const firstArb = fc
  .record({
    flag: fc.constantFrom('n', 'y', 'p=tls-unique'),
    authzid: fc.option(nameArb, { nil: undefined }),
    mandatory: fc.boolean(),
    user: nameArb,
    nonce: printable,
    extensions: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z]{1,8}$/), printable), { maxLength: 2 }),
  })
  .map((f) => ({
    ...f,
    text: `${f.flag},${f.authzid === undefined ? '' : `a=${encodeSaslName(f.authzid)}`},${f.mandatory ? 'm=x,' : ''}n=${encodeSaslName(f.user)},r=${f.nonce}${f.extensions.map(([k, v]) => `,${k}=${v}`).join('')}`,
  }));

const finalArb = fc
  .record({ cbind: fc.base64String({ minLength: 4, maxLength: 16 }), nonce: printable, proof: fc.base64String({ minLength: 4, maxLength: 44 }) })
  .filter((f) => f.cbind !== '' && f.proof !== '')
  .map((f) => ({ ...f, text: `c=${f.cbind},r=${f.nonce},p=${f.proof}` }));

function checkPlain(token: Buffer): void {
  const r = splitPlainToken(token);
  if (!('count' in r)) oracle(`${r.authzid}\u0000${r.user}\u0000${r.password}` === token.toString('utf8'), 'PLAIN token re-joins to other text');
}

function checkFirst(text: string, want: { flag: string; authzid?: string; mandatory: boolean; user: string; nonce: string } | null): void {
  const f = parseClientFirst(text);
  if (!want) return;
  oracle(f !== null, 'valid client-first refused');
  if (f)
    oracle(
      f.user === want.user && f.clientNonce === want.nonce && f.authzid === (want.authzid ?? '') && f.mandatoryExtension === want.mandatory && f.gs2Flag === want.flag[0],
      'client-first parses to other fields',
    );
}

function checkFinal(text: string, want: { cbind: string; nonce: string; proof: string } | null): void {
  const f = parseClientFinal(text);
  if (!want) return;
  oracle(f !== null && f.channelBinding === want.cbind && f.nonce === want.nonce && f.proof.equals(Buffer.from(want.proof, 'base64')), 'client-final parses to other fields');
}

function checkName(name: string): void {
  const back = decodeSaslName(encodeSaslName(name));
  if (name !== '' && !name.includes('\u0000')) oracle(back === name, 'saslname escaping does not round-trip');
}

/** A whole exchange; success is only allowed for alice's own PLAIN password. */
function exchange(probe: Probe, mechanism: MechanismName, tokens: Buffer[]): void {
  const label = Buffer.concat(tokens);
  probe(label, () => {
    const session = new SaslServerSession({ enabled: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], credentials, scram: { serverNonce: () => 'srv' } });
    oracle(session.start(mechanism).ok, 'enabled mechanism refused');
    const run = async (): Promise<StepResult | null> => {
      let last: StepResult | null = null;
      for (const t of tokens) {
        last = await session.step(t);
        if (last.done || last.failed) break;
      }
      return last;
    };
    probe.later(label, run(), (r) => {
      if (r && r.done) {
        const p = splitPlainToken(tokens[0]);
        oracle(mechanism === 'PLAIN' && !('count' in p) && p.user === 'alice' && p.password === 'pw' && r.principal === 'User:alice', "exchange succeeded without alice's password");
      }
    });
  });
}

export const saslTarget = target({
  name: 'sasl-plain-scram',
  crash: 'PLAIN/SCRAM parsers and whole sessions: any exception; re-join/round-trip mismatches; a success without the right password',
  arbitrary: fc.tuple(plainArb, firstArb, finalArb, nameArb, variantsArb(10), rawBytesArb),
  expected: () => false,
  check([plain, first, final, name, variants, raw], probe) {
    const plainBuf = Buffer.from(plain, 'utf8');
    probe(plainBuf, () => checkPlain(plainBuf));
    probe(first.text, () => checkFirst(first.text, first));
    probe(final.text, () => checkFinal(final.text, final));
    probe(name, () => checkName(name));
    exchange(probe, 'PLAIN', [plainBuf]);
    exchange(probe, 'SCRAM-SHA-256', [Buffer.from(first.text), Buffer.from(final.text)]);
    for (const muts of variants) {
      const p = applyMutations(plainBuf, muts);
      const f = mutateText(first.text, muts);
      const l = mutateText(final.text, muts);
      probe(p, () => checkPlain(p));
      probe(f, () => checkFirst(f, null));
      probe(l, () => checkFinal(l, null));
      probe(name, () => checkName(mutateText(name, muts)));
      exchange(probe, 'PLAIN', [p]);
      exchange(probe, 'SCRAM-SHA-512', [Buffer.from(f), Buffer.from(l)]);
    }
    const r = Buffer.from(raw);
    probe(r, () => checkPlain(r));
    probe(r, () => checkFirst(r.toString('utf8'), null));
    probe(r, () => checkFinal(r.toString('utf8'), null));
    exchange(probe, 'SCRAM-SHA-256', [r, r]);
  },
});
