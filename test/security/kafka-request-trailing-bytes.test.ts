// Attack (issue 12.4): bytes after a request body. A broker's generated reader stops where the
// schema ends and ignores the rest, while another reader (or a re-encoding) may not: the bytes
// the backend acts on must be exactly the bytes the gateway decided on. For EVERY api the
// authorization stage handles (iterating the rule table, every version), a request with one
// byte after an otherwise valid body closes the connection with SW_ERR_AMBIGUOUS_REQUEST, even
// for apis whose rule never reads the body; the same request without the extra byte is not
// refused as malformed or ambiguous.
import t from 'tap';
import { KAFKA_AUTHZ_RULES } from '../../src/adapters/kafka/authz/rules/index.js';
import { API_SPECS } from '../../src/protocol/kafka/api-table.js';
import { GatewayError } from '../../src/errors.js';
import { Harness, requestFrameOf } from '../unit/adapters/kafka/authz/harness.js';

/** SASL requests never reach the authorization stage (the authentication stage answers them). */
const AUTH_STAGE_KEYS = new Set([17, 36]);

function withExtraByte(frame: Buffer): Buffer {
  const out = Buffer.concat([frame, Buffer.from([0])]);
  out.writeInt32BE(out.length - 4, 0);
  return out;
}

const errCode = (v: { kind: string } | null): string | undefined => {
  const e = v && 'error' in v ? (v as { error?: unknown }).error : undefined;
  return e instanceof GatewayError ? e.code : undefined;
};

t.test('one byte after the body of every handled api, every version: closed as ambiguous', async (t) => {
  const h = new Harness([], 'User:admin');
  let checked = 0;
  for (const [key, rule] of KAFKA_AUTHZ_RULES) {
    if (!rule.handle || AUTH_STAGE_KEYS.has(key)) continue;
    const spec = API_SPECS.get(key);
    if (!spec) continue;
    for (let v = spec.minVersion; v <= spec.maxVersion; v++) {
      const good = requestFrameOf(key, v, {});
      const clean = await h.sendFrame(good);
      t.not(errCode(clean.verdict), 'SW_ERR_AMBIGUOUS_REQUEST', `${spec.name} v${v} without trailing bytes`);
      t.not(errCode(clean.verdict), 'SW_ERR_MALFORMED_REQUEST', `${spec.name} v${v} without trailing bytes`);
      const bad = await h.sendFrame(withExtraByte(good));
      t.equal(bad.verdict?.kind, 'close', `${spec.name} v${v} + 1 byte: closed`);
      t.equal(errCode(bad.verdict), 'SW_ERR_AMBIGUOUS_REQUEST', `${spec.name} v${v} + 1 byte: SW_ERR_AMBIGUOUS_REQUEST`);
      checked++;
    }
  }
  t.ok(checked > 200, `checked ${checked} api versions`);
});
