/**
 * A connection context and Authorizers for the fuzz targets that drive the real authorization
 * stages: principal User:bob, logs discarded, ACLs that allow some of the names the arbitraries
 * generate and deny others, so rule handlers take their allow, deny and filter paths alike.
 */
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { AclIndex } from '../../src/acl/acl-index.js';
import type { AclEntry } from '../../src/acl/types.js';
import type { ConnectionContext } from '../../src/proxy/protocol.js';

export function fuzzCtx(principal: string | null = 'User:bob'): ConnectionContext {
  const log = createLogger({ level: 'fatal', destination: { write: () => undefined } });
  return {
    connId: 1,
    listener: 'fuzz',
    remoteAddress: '10.0.0.7',
    remotePort: 40000,
    tls: null,
    principal,
    log,
    nodes: { endpointFor: async () => ({ host: '127.0.0.1', port: 1 }), lookup: () => undefined },
    target: { key: 'broker:1', host: '127.0.0.1', port: 1 },
    services: {},
    close: () => undefined,
  };
}

function entry(resourceType: string, resourceName: string, operation: string, permission: 'ALLOW' | 'DENY', patternType: 'LITERAL' | 'PREFIXED' = 'LITERAL'): AclEntry {
  return { principal: 'User:bob', host: '*', resourceType, resourceName, patternType, operation, permission };
}

const KAFKA_ENTRIES: AclEntry[] = [
  entry('TOPIC', 'orders', 'ALL', 'ALLOW', 'PREFIXED'),
  entry('TOPIC', 'orders-eu', 'WRITE', 'DENY'),
  entry('GROUP', 'g1', 'READ', 'ALLOW'),
  entry('TRANSACTIONAL_ID', 'tx-1', 'WRITE', 'ALLOW'),
  entry('CLUSTER', 'kafka-cluster', 'DESCRIBE', 'ALLOW'),
];

const FLUSS_ENTRIES: AclEntry[] = [entry('DATABASE', 'db', 'READ', 'ALLOW'), entry('TABLE', 'db.t', 'ALL', 'ALLOW'), entry('CLUSTER', 'fluss-cluster', 'DESCRIBE', 'ALLOW')];

export function kafkaAuthorizer(): Authorizer {
  const acls = new MemoryAclState(AclIndex.from(KAFKA_ENTRIES.map((e) => ({ protocol: 'kafka' as const, ...e }))));
  return new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics: new Metrics(), audit: null });
}

export function flussAuthorizer(): Authorizer {
  const acls = new MemoryAclState(AclIndex.from(FLUSS_ENTRIES.map((e) => ({ protocol: 'fluss' as const, ...e }))));
  return new Authorizer({ protocol: 'fluss', acls, decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics: new Metrics(), audit: null });
}
