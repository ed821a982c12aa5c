/**
 * Message texts a Fluss server sends, reproduced exactly (trailing spaces included), so clients
 * and their users see what they would see from a Fluss cluster with security on.
 */

/** `User:alice` -> Fluss's `FlussPrincipal{name='alice', type='User'}`; no principal = ANONYMOUS. */
export function flussPrincipalText(principal: string | null): string {
  if (!principal) return "FlussPrincipal{name='ANONYMOUS', type='User'}";
  const i = principal.indexOf(':');
  const type = i < 0 ? 'User' : principal.slice(0, i);
  const name = i < 0 ? principal : principal.slice(i + 1);
  return `FlussPrincipal{name='${name}', type='${type}'}`;
}

/** The AuthorizationException text of Fluss's AbstractAuthorizer (note the trailing space). */
export function noAuthorization(principal: string | null, operation: string, resourceType: string, resourceName: string): string {
  return `Principal ${flussPrincipalText(principal)} have no authorization to operate ${operation} on resource Resource{type=${resourceType}, name='${resourceName}'} `;
}

export const NOT_AUTHENTICATED = "The connection has not completed authentication yet. This may be caused by a missing or incorrect configuration of 'client.security.protocol' on the client side.";
