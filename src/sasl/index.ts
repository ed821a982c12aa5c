/**
 * Public surface of the SASL layer for the protocol adapters and the CLI.
 *
 * Typical use per authentication attempt:
 *   const s = new SaslServerSession({ enabled, credentials: store });
 *   const started = s.start(mechanism);             // Kafka SaslHandshake / Fluss AUTHENTICATE.protocol
 *   if (!started.ok) ...started.enabled...           // UNSUPPORTED_SASL_MECHANISM + list
 *   const r = await s.step(token);                  // once per SaslAuthenticate / AUTHENTICATE
 *   if (r.done) principal = r.principal;            // send r.challenge
 *   else if (r.failed) ...kafkaFailureMessage(r, mechanism) / r.message (Fluss)...
 *   else send r.challenge and wait for the next token
 */
export { SaslServerSession, builtInMechanism } from './session.js';
export type { SaslSessionOptions, SessionState, StartResult } from './session.js';
export { kafkaFailureMessage, isMechanismName, MECHANISMS, principalOf } from './types.js';
export type { CredentialLookup, FailureReason, Mechanism, MechanismName, MechanismStep, ScramCredential, ScramMechanismName, StepFailure, StepResult } from './types.js';
export { plainMechanism, PLAIN_MESSAGES, PLAIN_MAX_PAYLOAD_BYTES } from './plain.js';
export { scramMechanism, SCRAM_MESSAGES, SCRAM_MAX_PAYLOAD_BYTES } from './scram.js';
export type { ScramOptions } from './scram.js';
export { CredentialStore } from './credentials.js';
export type { CredentialStoreOptions, CredentialsReload, NewCredentialOptions, UserSummary } from './credentials.js';
export { importJaas } from './jaas.js';
export type { JaasUser } from './jaas.js';
export { FailedAuthThrottle } from './throttle.js';
export type { ThrottleConfig, ThrottleDecision, Who } from './throttle.js';
