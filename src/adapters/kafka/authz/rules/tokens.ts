/**
 * Delegation tokens (38-41). The gateway authenticates clients itself and accepts no token
 * logins, so it answers these apis as a broker without token support does, after the checks a
 * broker makes first: an unauthenticated (ANONYMOUS) connection is refused with
 * DELEGATION_TOKEN_REQUEST_NOT_ALLOWED (64); CreateDelegationToken for another owner (v3+) needs
 * CREATE_TOKENS on USER(owner) (65); everything else gets DELEGATION_TOKEN_AUTH_DISABLED (61).
 * Nothing is forwarded: a token minted by the backend would name the gateway's identity.
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, str } from '../../../../protocol/kafka/schema/message.js';
import { E, type ApiRule } from '../rule.js';

function notAllowed(call: Call): boolean {
  return call.ctx.principal === null || call.ctx.principal === 'User:ANONYMOUS';
}

function split(principal: string): [string, string] {
  const i = principal.indexOf(':');
  return i < 0 ? ['', principal] : [principal.slice(0, i), principal.slice(i + 1)];
}

function answer(call: Call, code: number, owner?: string): Verdict {
  const requester = split(call.ctx.principal ?? 'User:ANONYMOUS');
  const [type, name] = owner ? split(owner) : requester;
  return call.respond(call.response({ ErrorCode: code, PrincipalType: type, PrincipalName: name, TokenRequesterPrincipalType: requester[0], TokenRequesterPrincipalName: requester[1] }));
}

function createToken(call: Call): Verdict {
  const body = call.body();
  const requester = call.ctx.principal ?? 'User:ANONYMOUS';
  const ownerName = call.version >= 3 ? str(body, 'OwnerPrincipalName') : null;
  const owner = ownerName === null || ownerName === '' ? requester : `${str(body, 'OwnerPrincipalType') ?? ''}:${ownerName}`;
  if (notAllowed(call)) return answer(call, E.TOKEN_NOT_ALLOWED, owner);
  if (owner !== requester && !call.allow('CREATE_TOKENS', 'USER', owner)) return answer(call, E.TOKEN_AUTH, owner);
  if (items(body, 'Renewers').some((r) => str(r, 'PrincipalType') !== 'User')) return answer(call, E.INVALID_PRINCIPAL_TYPE, owner);
  return answer(call, E.TOKEN_AUTH_DISABLED, owner);
}

function otherToken(call: Call): Verdict {
  return answer(call, notAllowed(call) ? E.TOKEN_NOT_ALLOWED : E.TOKEN_AUTH_DISABLED);
}

const NOTE = 'the gateway has no delegation tokens: 64 unauthenticated, else 61';

export const TOKEN_RULES: readonly ApiRule[] = [
  {
    key: 38,
    checks: [{ operation: 'CREATE_TOKENS', resource: 'USER', source: 'OwnerPrincipalType:OwnerPrincipalName (v3+, other owner)', denial: 'REJECT', code: E.TOKEN_AUTH }],
    handle: createToken,
    note: NOTE,
  },
  { key: 39, checks: [], handle: otherToken, note: NOTE },
  { key: 40, checks: [], handle: otherToken, note: NOTE },
  {
    key: 41,
    checks: [
      { operation: 'DESCRIBE', resource: 'DELEGATION_TOKEN', source: 'token id', denial: 'FILTER' },
      { operation: 'DESCRIBE_TOKENS', resource: 'USER', source: 'token owner', denial: 'FILTER' },
    ],
    handle: otherToken,
    note: NOTE,
  },
];
