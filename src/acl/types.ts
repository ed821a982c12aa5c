/**
 * The shared vocabulary of the authorization engine: one ACL entry shape for every protocol,
 * the request a listener asks about, and the decision it gets back.
 *
 * Protocols: `kafka` and `fluss` (the stream listeners, with their servers' semantics) and
 * `flink` (the HTTP listener in front of the Apache Flink REST API: resources CLUSTER
 * `flink-cluster` and JOB `<job id>`, Fluss-like semantics, see decide-flink.ts).
 *
 * Names are the upper-case enum names the projects print (`TOPIC`, `READ`, `ALLOW`); the
 * numeric wire codes live in codes.ts. Principals are `Type:Name` strings (`User:alice`);
 * the Kafka wildcard principal is `User:*`, the Fluss one is `*:*`; Flink knows both.
 */

export type AclProtocol = 'fluss' | 'kafka' | 'flink';

export type PatternType = 'LITERAL' | 'PREFIXED';
export type Permission = 'ALLOW' | 'DENY';

/** One stored ACL. Entries held by an AclIndex are frozen copies. */
export interface AclEntry {
  /** `User:alice`; `User:*` is the Kafka wildcard, `*:*` the Fluss one. */
  principal: string;
  /** `*` or an exact client IP string. */
  host: string;
  /** Kafka: TOPIC GROUP CLUSTER TRANSACTIONAL_ID DELEGATION_TOKEN USER; Fluss: CLUSTER DATABASE TABLE; Flink: CLUSTER JOB. */
  resourceType: string;
  /**
   * Kafka: name, prefix or `*`; Fluss: `fluss-cluster`, `<db>`, `<db>.<table>` or `*`;
   * Flink: `flink-cluster`, a job id (32 lower-case hex digits) or `*`.
   */
  resourceName: string;
  /** Fluss and Flink entries are always LITERAL. */
  patternType: PatternType;
  /** Kafka AclOperation or Fluss OperationType name (Flink uses Fluss's), never ANY. */
  operation: string;
  /** Fluss and Flink entries are always ALLOW. */
  permission: Permission;
}

/** An entry together with the protocol whose listeners it governs (the store file's unit). */
export interface TaggedAclEntry extends AclEntry {
  protocol: AclProtocol;
}

/** One authorization question: may `principal` from `host` do `operation` on a resource? */
export interface AccessRequest {
  protocol: AclProtocol;
  /** Session principal, `User:alice`. */
  principal: string;
  /** Client IP as the backend prints it (see host.ts for Java's form). */
  host: string;
  resourceType: string;
  /** Always a concrete (LITERAL) name: Kafka `orders`, `kafka-cluster`; Fluss `db.t`, `db`, `fluss-cluster`; Flink `flink-cluster`, `<job id>`. */
  resourceName: string;
  operation: string;
}

export type DecisionReason =
  /** The principal is a super user; ACLs (DENY included) are not consulted. */
  | 'super-user'
  /** An ALLOW entry matched (and, for Kafka, no DENY entry did). */
  | 'acl'
  /** No ACL exists on any candidate resource; the protocol default applies. */
  | 'no-acl-default'
  /** ACLs exist on the candidates but none matched this principal/host/operation. */
  | 'default-deny'
  /** A Kafka DENY entry matched. */
  | 'deny-acl'
  /** The question could not be evaluated (bad input, internal failure); always denied. */
  | 'error';

export interface Decision {
  allowed: boolean;
  reason: DecisionReason;
  /** The deciding entry for 'acl' and 'deny-acl'. */
  entry?: AclEntry;
  /** For 'error': what went wrong (never contains secrets). */
  detail?: string;
}

export interface DecideOptions {
  /** `Type:Name` strings that bypass every check. */
  superUsers?: readonly string[];
  /** Kafka `allow.everyone.if.no.acl.found`; default false. Fluss and Flink have no such switch (always false). */
  allowIfNoAcl?: boolean;
  /** Fluss `security.acl.principal.ignore-case` (also applied to Flink); default false. Kafka always compares exactly. */
  principalIgnoreCase?: boolean;
}
