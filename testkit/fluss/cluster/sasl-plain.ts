/**
 * The SASL/PLAIN side of a Fluss test-cluster node whose listener is SASL (Fluss's
 * `security.protocol.map: CLIENT:SASL`, `security.sasl.enabled.mechanisms: PLAIN`, users from
 * `security.sasl.plain.jaas.config` as `user_<name>="<password>"`), as NettyServerHandler and
 * PlainSaslServer answer (apache/fluss fluss-rpc .../netty/server/NettyServerHandler.java):
 *   - a connection starts AUTHENTICATING: only API_VERSIONS and AUTHENTICATE are served; any
 *     other key gets ERROR 46 "The connection has not completed authentication yet. ..." and the
 *     connection stays open;
 *   - AUTHENTICATE: protocol (upper-cased) must be an enabled mechanism, else 46 "SASL server
 *     enables [PLAIN] while protocol of client is 'X'"; the token is `authzid NUL user NUL pass`
 *     (exactly 3 parts), checked against the users; success answers an empty challenge and the
 *     connection's principal becomes `User:<name>`; failures keep the connection open;
 *   - AUTHENTICATE after completion gets an empty answer.
 */
import { timingSafeEqual } from 'node:crypto';
import { FlussServerError } from './server-error.js';
import { FlussError } from '../../../src/protocol/fluss/error-codes.js';

export const NOT_AUTHENTICATED_TEXT =
  "The connection has not completed authentication yet. This may be caused by a missing or incorrect configuration of 'client.security.protocol' on the client side.";

export interface SaslPlainOptions {
  /** user name -> password (the JAAS `user_<name>` options). */
  users: Record<string, string>;
}

/** Per-connection authentication state of a SASL listener. */
export class PlainServerConnection {
  /** `User:<name>` once authenticated; null while AUTHENTICATING. */
  principal: string | null = null;

  constructor(private readonly options: SaslPlainOptions) {}

  /** The answer to an AUTHENTICATE; throws FlussServerError (46) as the server does. */
  authenticate(protocol: string, token: Buffer): { challenge: Buffer } | Record<string, never> {
    if (this.principal !== null) return {};
    if (protocol.toUpperCase() !== 'PLAIN') {
      throw new FlussServerError(FlussError.AUTHENTICATE_EXCEPTION, `SASL server enables [PLAIN] while protocol of client is '${protocol}'`);
    }
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) throw new FlussServerError(FlussError.AUTHENTICATE_EXCEPTION, `Invalid SASL/PLAIN response: expected 3 tokens, got ${parts.length}`);
    const [authzid, user, password] = parts as [string, string, string];
    if (user === '') throw new FlussServerError(FlussError.AUTHENTICATE_EXCEPTION, 'Authentication failed: username not specified');
    if (password === '') throw new FlussServerError(FlussError.AUTHENTICATE_EXCEPTION, 'Authentication failed: password not specified');
    const expected = Object.hasOwn(this.options.users, user) ? Buffer.from(this.options.users[user]!, 'utf8') : null;
    const given = Buffer.from(password, 'utf8');
    if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new FlussServerError(FlussError.AUTHENTICATE_EXCEPTION, 'Authentication failed: Invalid username or password');
    }
    if (authzid !== '' && authzid !== user) {
      throw new FlussServerError(FlussError.AUTHENTICATE_EXCEPTION, 'Authentication failed: Client requested an authorization id that is different from username');
    }
    this.principal = `User:${user}`;
    return { challenge: Buffer.alloc(0) };
  }
}
