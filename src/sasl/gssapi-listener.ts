/**
 * Builds a listener's GSSAPI mechanism from its config: the principal.to.local rules and the
 * GSS-API helper process, started (and its acceptor credentials checked) before the listener
 * opens, so a missing keytab or an unknown service principal fails the gateway's start with
 * SW_ERR_GSSAPI_HELPER instead of every client's login.
 */
import type { GssapiSettings } from '../config/types.js';
import { GssapiAcceptor } from './gssapi-acceptor.js';
import { KerberosShortNamer } from '../protocol/kafka/kerberos-rules.js';
import { gssapiMechanism } from './gssapi.js';
import type { Mechanism, MechanismName } from './types.js';

export async function startGssapiMechanism(settings: GssapiSettings | null | undefined, closers: { close(): void }[]): Promise<Partial<Record<MechanismName, Mechanism>> | undefined> {
  if (!settings) return undefined;
  const namer = new KerberosShortNamer(settings.defaultRealm, settings.principalToLocalRules);
  const acceptor = new GssapiAcceptor({ principal: settings.principal, keytab: settings.keytab, python: settings.python });
  closers.push({ close: () => acceptor.close() });
  await acceptor.ready();
  return { GSSAPI: gssapiMechanism(acceptor, namer) };
}
