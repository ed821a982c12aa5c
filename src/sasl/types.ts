/**
 * Shared vocabulary of the SASL layer: mechanism names, the uniform step result every mechanism
 * returns, and the credential lookups a mechanism needs. Protocol code (Kafka SaslAuthenticate,
 * Fluss AUTHENTICATE) only ever sees these types, never a mechanism's internals.
 */

/** Password mechanisms: the ones with verifiers in the credential store (the ones a stored user can have). */
export const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type PasswordMechanismName = (typeof MECHANISMS)[number];
/** Mechanisms configured per listener instead (GSSAPI: keytab and principal rules; OAUTHBEARER: JWTs checked against an issuer). */
export const LISTENER_MECHANISMS = ['GSSAPI', 'OAUTHBEARER'] as const;
/** Every SASL mechanism a listener can enable. */
export type MechanismName = PasswordMechanismName | (typeof LISTENER_MECHANISMS)[number];
export type ScramMechanismName = Exclude<PasswordMechanismName, 'PLAIN'>;

/** True for a password mechanism name (what the credential store and `users` CLI accept). */
export function isMechanismName(s: string): s is PasswordMechanismName {
  return (MECHANISMS as readonly string[]).includes(s);
}

/** Why an exchange failed. `message` in the failure carries the client-safe text. */
export type FailureReason =
  | 'bad-credentials' // unknown user, wrong password, wrong proof
  | 'malformed' // token does not parse
  | 'authzid-mismatch' // client asked to act as someone else
  | 'bad-nonce' // SCRAM final message does not echo the combined nonce
  | 'channel-binding' // SCRAM channel binding requested or c= does not match the gs2 header
  | 'unsupported' // a feature the gateway does not offer (SCRAM m=, delegation tokens)
  | 'oversized' // token larger than the mechanism's maxPayloadBytes
  | 'internal'; // the credential store could not answer

export interface StepSuccess {
  done: true;
  failed?: false;
  /** `User:<name>` */
  principal: string;
  /** The authenticated user name (the SASL authorization id). */
  user: string;
  /** Last server message; may be empty (PLAIN) and must still be sent where the protocol says so. */
  challenge: Buffer;
  /** The stored credential that matched, when the store can tell (closing on its removal). */
  credentialId?: string;
  /** When the credential itself expires (OAUTHBEARER: the token's exp), ms since the epoch (KIP-368). */
  expiresAtMs?: number;
}

export interface StepContinue {
  done: false;
  failed?: false;
  challenge: Buffer;
  /**
   * Set when the challenge reports a refusal (OAUTHBEARER's error challenge, KIP-255): the
   * failure is recorded now (the reason, for logs only); the exchange fails on the next token.
   */
  rejected?: string;
}

export interface StepFailure {
  done: false;
  failed: true;
  reason: FailureReason;
  /** Client-safe text (never a password, token bytes or whether a user exists). */
  message: string;
  /**
   * True where a Kafka broker hides `message` behind its generic text (the mechanism raised a
   * plain SaslException); see kafkaFailureMessage. Fluss always sends `message` itself.
   */
  kafkaGeneric: boolean;
  /** SCRAM `e=<error>` server-final message for protocols that can carry it; Kafka sends none. */
  challenge?: Buffer;
  /** Operator-only detail for the log line (GSSAPI: the GSS-API reason); never sent to the client. */
  detail?: string;
  /** Kafka closes the connection without a SaslAuthenticate answer (retriable Kerberos errors). */
  unanswered?: boolean;
}

export type StepResult = StepSuccess | StepContinue | StepFailure;

/** One SCRAM verifier: what the server keeps instead of the password (RFC 5802 section 3). */
export interface ScramCredential {
  /** The id of the stored credential this verifier belongs to (for rotation and logs). */
  id: string;
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** What the mechanisms ask of a credential store. CredentialStore implements it. */
export interface CredentialLookup {
  /** True if the password matches any PLAIN credential of the user; same cost for unknown users. */
  verifyPlain(user: string, password: string): Promise<boolean>;
  /** Like verifyPlain, but names the credential that matched (null = none). Optional. */
  matchPlain?(user: string, password: string): Promise<string | null>;
  /** Every SCRAM verifier of the user for the mechanism, newest first; empty if none. */
  scramCredentials(user: string, mechanism: ScramMechanismName): ScramCredential[];
  /** Salt and iteration count shown to a user without a credential, stable per user and store. */
  phantomScram(user: string, mechanism: ScramMechanismName): { salt: Buffer; iterations: number };
}

/** A running exchange of one mechanism: feed it client tokens one by one. */
export type MechanismStep = (token: Buffer) => Promise<StepResult>;

export interface Mechanism {
  readonly name: MechanismName;
  /** Client tokens larger than this are refused before the mechanism parses them. */
  readonly maxPayloadBytes: number;
  /** A fresh exchange (one per authentication attempt). */
  start(): MechanismStep;
}

export function principalOf(user: string): string {
  return `User:${user}`;
}

export function failure(reason: FailureReason, message: string, kafkaGeneric: boolean, challenge?: Buffer): StepFailure {
  return challenge ? { done: false, failed: true, reason, message, kafkaGeneric, challenge } : { done: false, failed: true, reason, message, kafkaGeneric };
}

/**
 * The ErrorMessage a Kafka broker puts in a failed SaslAuthenticate response: the mechanism's
 * own text for SaslAuthenticationException, else the deliberately generic sentence.
 */
export function kafkaFailureMessage(f: StepFailure, mechanism: MechanismName, reauthentication = false): string {
  if (!f.kafkaGeneric) return f.message;
  const phase = reauthentication ? 're-authentication' : 'authentication';
  return `Authentication failed during ${phase} due to invalid credentials with SASL mechanism ${mechanism}`;
}
