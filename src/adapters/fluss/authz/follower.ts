/**
 * Replica traffic claimed by a client. FETCH_LOG and LIST_OFFSETS carry follower_server_id:
 * -1 for clients, a tablet server id for replication. A Fluss server skips the READ check on
 * fetches that claim to be a follower (its own code notes that a client can fake one), and a
 * follower's LIST_OFFSETS sees the log end instead of the high watermark. No client behind the
 * gateway is a replica, so any such claim is refused for every principal, super users included.
 */
import { FLUSS_CLUSTER_NAME } from '../../../acl/codes.js';
import { deny, type AuthzCall } from './call.js';
import type { Verdict } from '../../../proxy/protocol.js';

export function refuseFollower(c: AuthzCall, followerServerId: number): Verdict | null {
  if (followerServerId < 0) return null;
  c.access.ctx.log.warn({ err: 'SW_ERR_AUTHZ_DENIED', principal: c.access.ctx.principal, api: c.info.api, followerServerId }, 'client claimed to be a replica; refused');
  c.access.authorizer.options.metrics.authorizations.inc({ protocol: 'fluss', api: c.info.api, operation: 'WRITE', resource_type: 'CLUSTER', outcome: 'deny' });
  return deny(c, 'CLUSTER', FLUSS_CLUSTER_NAME, 'WRITE');
}
