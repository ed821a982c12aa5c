/**
 * Which quota applies to a client, with Kafka's precedence (ClientQuotaManager, KIP-55), checked
 * separately for each quota type (a user's produce quota does not hide a client-id's fetch quota):
 *
 *   1. user + client-id           5. default user + default client-id
 *   2. user + default client-id   6. default user
 *   3. user                       7. client-id
 *   4. default user + client-id   8. default client-id
 *
 * The entity that matched also decides who shares one rate (Kafka's quota metric tags): a quota
 * set at user level (3, 6) is shared by every client-id of that user; one set with a client-id
 * (1, 2, 4, 5) is per user and client-id; one set at client-id level only (7, 8) is shared by
 * every user of that client-id. A default applies to each user / client-id separately.
 */

/** Kafka's name for "the default entity" (ConfigEntityName.Default, kafka-configs --entity-default). */
export const DEFAULT_ENTITY = '<default>';

export type QuotaType = 'producerByteRate' | 'consumerByteRate' | 'requestPercentage';
export const QUOTA_TYPES: readonly QuotaType[] = ['producerByteRate', 'consumerByteRate', 'requestPercentage'];

/** One configured entity: a user and/or a client-id (DEFAULT_ENTITY for the defaults), and its limits. */
export interface QuotaEntry {
  user?: string;
  clientId?: string;
  producerByteRate?: number;
  consumerByteRate?: number;
  requestPercentage?: number;
}

/** The quota that applies: its bound and the key of the rate it is measured on. */
export interface AppliedQuota {
  bound: number;
  /** `user\u0000clientId` with '' for a part the quota does not distinguish. */
  rateKey: string;
}

const key = (user: string | undefined, clientId: string | undefined): string => `${user ?? ''}\u0000${clientId ?? ''}`;

export class QuotaEntities {
  private readonly byEntity = new Map<string, QuotaEntry>();

  constructor(entries: readonly QuotaEntry[]) {
    for (const e of entries) this.byEntity.set(key(e.user, e.clientId), e);
  }

  get size(): number {
    return this.byEntity.size;
  }

  /** The quota of `type` for `user` (principal name) and `clientId`, or null when none applies. */
  resolve(type: QuotaType, user: string, clientId: string): AppliedQuota | null {
    const D = DEFAULT_ENTITY;
    const order: Array<[string | undefined, string | undefined, string, string]> = [
      [user, clientId, user, clientId],
      [user, D, user, clientId],
      [user, undefined, user, ''],
      [D, clientId, user, clientId],
      [D, D, user, clientId],
      [D, undefined, user, ''],
      [undefined, clientId, '', clientId],
      [undefined, D, '', clientId],
    ];
    for (const [u, c, tagUser, tagClient] of order) {
      const bound = this.byEntity.get(key(u, c))?.[type];
      if (bound !== undefined) return { bound, rateKey: key(tagUser, tagClient) };
    }
    return null;
  }
}
