/**
 * SASL GSSAPI (Kerberos V5, RFC 4752) on the server side, as a Kafka broker runs it (Java's
 * GssKrb5Server under Kafka's SaslServerAuthenticator):
 *
 *   CONTEXT ──client GSS token──► accept; answer the output token (AP-REP); stay until complete
 *   CONTEXT ──context complete──► OFFER
 *   OFFER   ──empty client token──► answer wrap([0x01 "no security layer", max size 0,0,0])
 *   LAYER   ──wrapped [layer, size(3), authzid]──► unwrap; layer must be 0x01 → done
 *
 * The principal is the authenticated Kerberos name (the client's authzid is ignored, as Kafka's
 * SaslServerCallbackHandler authorizes the authentication id), mapped to `User:<short name>` by
 * the principal.to.local rules. Any GSS failure, an unmapped name or a malformed reply fails the
 * attempt with Kafka's generic SASL failure text; the GSS reason goes to the log only.
 */
import { failure, principalOf } from './types.js';
import type { Mechanism, MechanismStep, StepResult } from './types.js';
import { GssCallError, type GssapiAcceptor } from './gssapi-acceptor.js';
import type { KerberosShortNamer } from '../protocol/kafka/kerberos-rules.js';

/**
 * Largest client token accepted. An MIT AP-REQ is about 1-2 KiB; Active Directory tickets with
 * large PACs grow to Windows' MaxTokenSize (48,000 bytes by default), so 64 KiB leaves room.
 */
export const GSSAPI_MAX_TOKEN_BYTES = 64 * 1024;

/**
 * Kerberos errors Kafka's KerberosError calls retriable (CLIENT_NOT_YET_VALID 21,
 * TICKET_NOT_YET_VALID 33, REPLAY 34): its SaslServerAuthenticator then closes the connection
 * without a SaslAuthenticate answer instead of sending SASL_AUTHENTICATION_FAILED. As GSS minor
 * codes: the krb5 com_err table base (-1765328384, unsigned 2529638912) plus the Kerberos code.
 */
const KRB5_ERROR_BASE = 2529638912;
const RETRIABLE_KERBEROS = new Set([21, 33, 34].map((code) => KRB5_ERROR_BASE + code));

/** RFC 4752 security layer bit "no security layer"; the only one the gateway offers (as Kafka). */
const LAYER_NONE = 0x01;

export function gssapiMechanism(acceptor: GssapiAcceptor, namer: KerberosShortNamer): Mechanism {
  return {
    name: 'GSSAPI',
    maxPayloadBytes: GSSAPI_MAX_TOKEN_BYTES,
    start(): MechanismStep {
      return gssapiExchange(acceptor, namer);
    },
  };
}

function gssFailure(detail: string, reason: 'bad-credentials' | 'malformed' = 'bad-credentials'): StepResult {
  const f = failure(reason, 'GSSAPI authentication failed', true);
  return { ...f, detail };
}

function gssapiExchange(acceptor: GssapiAcceptor, namer: KerberosShortNamer): MechanismStep {
  const ctx = acceptor.newContext();
  let phase: 'CONTEXT' | 'OFFER' | 'LAYER' | 'OVER' = 'CONTEXT';
  let peer = '';
  const finish = (r: StepResult): StepResult => {
    if (r.done || r.failed) {
      phase = 'OVER';
      acceptor.end(ctx);
    }
    return r;
  };
  return async (token: Buffer): Promise<StepResult> => {
    try {
      switch (phase) {
        case 'CONTEXT': {
          const r = await acceptor.accept(ctx, token);
          if (r.complete) {
            if (!r.peer) return finish(gssFailure('context complete without an initiator name'));
            peer = r.peer;
            phase = 'OFFER';
          }
          return { done: false, challenge: r.token };
        }
        case 'OFFER': {
          // GssKrb5Server: the client sends no data once the context is established.
          if (token.length > 0) return finish(gssFailure('data after the context was established', 'malformed'));
          phase = 'LAYER';
          return { done: false, challenge: await acceptor.wrap(ctx, Buffer.from([LAYER_NONE, 0, 0, 0])) };
        }
        case 'LAYER': {
          const reply = await acceptor.unwrap(ctx, token);
          if (reply.length < 4) return finish(gssFailure(`security layer reply of ${reply.length} bytes`, 'malformed'));
          if (reply[0] !== LAYER_NONE) return finish(gssFailure(`client selected security layer 0x${reply[0]!.toString(16)}`, 'malformed'));
          let user: string;
          try {
            user = namer.shortName(peer);
          } catch (e) {
            return finish(gssFailure(`no principal for ${peer}: ${(e as Error).message}`));
          }
          return finish({ done: true, principal: principalOf(user), user, challenge: Buffer.alloc(0) });
        }
        default:
          return finish(gssFailure('token after the exchange ended', 'malformed'));
      }
    } catch (e) {
      const f = gssFailure((e as Error).message);
      if (e instanceof GssCallError && RETRIABLE_KERBEROS.has(e.minor) && f.failed) f.unanswered = true;
      return finish(f);
    }
  };
}
