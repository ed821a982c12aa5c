/**
 * Port overlap check: every listener's bind port and node-port range, and the admin port, claim
 * ports on a host. Two claims clash when their port ranges overlap and their hosts are the same
 * or either one is a wildcard address. Port 0 and `nodePorts: auto` claim nothing.
 */
import type { FieldPath, ProblemList } from './problems.js';
import { formatFieldPath } from './problems.js';
import type { Config } from './types.js';
import { isWildcardHost } from './units.js';

interface Claim {
  path: FieldPath;
  host: string;
  first: number;
  last: number;
}

function ports(c: Claim): string {
  return c.first === c.last ? `port ${c.first}` : `ports ${c.first}-${c.last}`;
}

export function checkPorts(config: Config, problems: ProblemList): void {
  const claims: Claim[] = [];
  const { bind } = config.admin;
  if (bind.port !== 0) claims.push({ path: ['admin', 'bind'], host: bind.host, first: bind.port, last: bind.port });
  config.listeners.forEach((l, i) => {
    if (l.bind.port !== 0) claims.push({ path: ['listeners', i, 'bind'], host: l.bind.host, first: l.bind.port, last: l.bind.port });
    if (l.nodePorts?.kind === 'range') {
      claims.push({ path: ['listeners', i, 'nodePorts'], host: l.bind.host, first: l.nodePorts.first, last: l.nodePorts.last });
    }
  });
  for (let j = 1; j < claims.length; j++) {
    const b = claims[j]!;
    for (let i = 0; i < j; i++) {
      const a = claims[i]!;
      const sameHost = a.host === b.host || isWildcardHost(a.host) || isWildcardHost(b.host);
      if (sameHost && a.first <= b.last && b.first <= a.last) {
        problems.add(b.path, `${ports(b)} ${b.first === b.last ? 'clashes' : 'clash'} with ${formatFieldPath(a.path)} (${ports(a)}${a.host === b.host ? '' : ` on ${a.host}`})`);
      }
    }
  }
}
