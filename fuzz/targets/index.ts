/** Every fuzz target, in the order `npm run fuzz` runs them. */
import type { FuzzTarget } from '../lib/target.js';
import { kafkaHeaderTarget } from './kafka-header.js';
import { kafkaRequestsTarget } from './kafka-requests.js';
import { kafkaResponsesTarget } from './kafka-responses.js';
import { flussFrameTarget } from './fluss-frame.js';
import { flussProtoTarget } from './fluss-proto.js';
import { flussRewriteTarget } from './fluss-rewrite.js';
import { flussRecordsTarget } from './fluss-records.js';
import { saslTarget } from './sasl.js';
import { principalRulesTarget } from './principal-rules.js';
import { principalCertificateTarget } from './principal-certificate.js';
import { httpGuardTarget, httpPathTarget } from './http.js';
import { configTarget } from './config.js';

export const TARGETS: readonly FuzzTarget<unknown>[] = [
  kafkaHeaderTarget,
  kafkaRequestsTarget,
  kafkaResponsesTarget,
  flussFrameTarget,
  flussProtoTarget,
  flussRewriteTarget,
  flussRecordsTarget,
  saslTarget,
  principalRulesTarget,
  principalCertificateTarget,
  httpGuardTarget,
  httpPathTarget,
  configTarget,
];
