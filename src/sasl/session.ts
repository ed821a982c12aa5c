/**
 * One SASL authentication attempt on the server side, independent of the wire protocol. The
 * Kafka adapter drives it from SaslHandshake + SaslAuthenticate (or raw v0 tokens), the Fluss
 * adapter from AUTHENTICATE (protocol name upper-cased before start()). A new attempt (Fluss
 * retry after a failure, Kafka re-authentication) uses a new session.
 *
 *   INITIAL ──start(m), m enabled──────────────▶ IN_PROGRESS
 *   INITIAL ──start(m), m not enabled──────────▶ INITIAL   (result lists the enabled mechanisms)
 *   IN_PROGRESS ──step → challenge─────────────▶ IN_PROGRESS
 *   IN_PROGRESS ──step → done──────────────────▶ COMPLETE  (principal set)
 *   IN_PROGRESS ──step → failed / oversized────▶ FAILED
 *   INITIAL | COMPLETE | FAILED ──step─────────▶ throws SW_ERR_AUTH_STATE, state unchanged
 *   any step while another is pending, start() outside INITIAL ─▶ throws SW_ERR_AUTH_STATE
 */
import { GatewayError } from '../errors.js';
import { plainMechanism } from './plain.js';
import { scramMechanism } from './scram.js';
import type { ScramOptions } from './scram.js';
import { failure, isMechanismName } from './types.js';
import type { CredentialLookup, Mechanism, MechanismName, MechanismStep, PasswordMechanismName, StepResult } from './types.js';

export type SessionState = 'INITIAL' | 'IN_PROGRESS' | 'COMPLETE' | 'FAILED';

export type StartResult = { ok: true; mechanism: MechanismName } | { ok: false; code: 'SW_ERR_AUTH_MECHANISM'; enabled: readonly MechanismName[] };

export interface SaslSessionOptions {
  /** Mechanisms this listener offers, in the order to advertise them. */
  enabled: readonly MechanismName[];
  credentials: CredentialLookup;
  scram?: ScramOptions;
  /** Replace a built-in mechanism (tests, or a listener-specific variant). */
  mechanisms?: Partial<Record<MechanismName, Mechanism>>;
}

export function builtInMechanism(name: PasswordMechanismName, credentials: CredentialLookup, scram?: ScramOptions): Mechanism {
  return name === 'PLAIN' ? plainMechanism(credentials) : scramMechanism(name, credentials, scram);
}

export class SaslServerSession {
  #state: SessionState = 'INITIAL';
  #mechanism: Mechanism | undefined;
  #step: MechanismStep | undefined;
  #pending = false;
  #principal: string | undefined;
  #user: string | undefined;
  readonly #options: SaslSessionOptions;

  constructor(options: SaslSessionOptions) {
    this.#options = options;
  }

  get state(): SessionState {
    return this.#state;
  }
  get mechanism(): MechanismName | undefined {
    return this.#mechanism?.name;
  }
  /** Largest token the chosen mechanism accepts (undefined before start). */
  get maxPayloadBytes(): number | undefined {
    return this.#mechanism?.maxPayloadBytes;
  }
  get enabled(): readonly MechanismName[] {
    return this.#options.enabled;
  }
  /** `User:<name>` once COMPLETE. */
  get principal(): string | undefined {
    return this.#principal;
  }
  get user(): string | undefined {
    return this.#user;
  }

  /** Choose the mechanism; names are matched exactly (Kafka compares them case-sensitively). */
  start(mechanism: string): StartResult {
    if (this.#state !== 'INITIAL') throw new GatewayError('SW_ERR_AUTH_STATE', `start() in state ${this.#state}`);
    const enabled = this.#options.enabled;
    if (!(enabled as readonly string[]).includes(mechanism)) {
      return { ok: false, code: 'SW_ERR_AUTH_MECHANISM', enabled };
    }
    const name = mechanism as MechanismName;
    const given = this.#options.mechanisms?.[name];
    if (!given && !isMechanismName(name)) return { ok: false, code: 'SW_ERR_AUTH_MECHANISM', enabled };
    const m = given ?? builtInMechanism(name as PasswordMechanismName, this.#options.credentials, this.#options.scram);
    this.#mechanism = m;
    this.#step = m.start();
    this.#state = 'IN_PROGRESS';
    return { ok: true, mechanism: name };
  }

  async step(token: Buffer): Promise<StepResult> {
    if (this.#state !== 'IN_PROGRESS' || !this.#step || !this.#mechanism) {
      throw new GatewayError('SW_ERR_AUTH_STATE', `SASL token in state ${this.#state}`);
    }
    if (this.#pending) throw new GatewayError('SW_ERR_AUTH_STATE', 'SASL token while the previous one is pending');
    const max = this.#mechanism.maxPayloadBytes;
    if (token.length > max) {
      this.#state = 'FAILED';
      return failure('oversized', `SASL token of ${token.length} bytes exceeds the ${max} byte limit`, true);
    }
    this.#pending = true;
    let result: StepResult;
    try {
      result = await this.#step(token);
    } catch (e) {
      this.#state = 'FAILED';
      throw e;
    } finally {
      this.#pending = false;
    }
    if (result.done) {
      this.#state = 'COMPLETE';
      this.#principal = result.principal;
      this.#user = result.user;
    } else if (result.failed) {
      this.#state = 'FAILED';
    }
    return result;
  }
}
