/**
 * Existence probe for Metadata v0-3 (issue 12, point 13). These versions cannot switch topic
 * auto-creation off, so a name the gateway has not seen lately, asked for by a principal that may
 * not create it, cannot be forwarded (the backend would create it). Instead of answering 29 for a
 * topic that may well exist, the gateway forwards the request as a listing of every topic (Topics
 * null; [] in v0), which never creates anything, and answers from it:
 *   - a requested topic the listing has: its own entry (what the broker answers);
 *   - a probed name the listing lacks: TOPIC_AUTHORIZATION_FAILED, what a broker answers a
 *     principal that may not create it (remembered as absent for EXISTENCE_TTL_MS, so repeats
 *     are answered without asking);
 *   - any other requested name the listing lacks (one this principal may create): LEADER_NOT_AVAILABLE,
 *     retriable, the broker's answer while a topic is being created; the client's next Metadata
 *     request, with the probed names now known, is forwarded as usual and creates it.
 * Only the requested topics are answered: the rest of the listing never reaches the client.
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, str, ZERO_UUID, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { E } from '../rule.js';

const LEADER_NOT_AVAILABLE = 5;

export function probeExistence(call: Call, req: Msg, probe: ReadonlySet<string>, kept: readonly Msg[], synthesized: readonly Msg[], finish: (resp: Msg) => void): Verdict {
  const requested = [...kept.map((t) => str(t, 'Name') ?? ''), ...probe];
  const entry = (code: number, name: string) => call.responseEntry(['Topics'], { ErrorCode: code, Name: name, TopicId: ZERO_UUID, Partitions: [] });
  return call.forward({ ...req, Topics: call.version === 0 ? [] : null }, (resp) => {
    const listed = new Map<string, Msg>();
    for (const t of items(resp, 'Topics')) {
      const name = str(t, 'Name');
      if (name !== null) {
        listed.set(name, t);
        call.ids.learnName(name);
      }
    }
    resp.Topics = [...new Set(requested)].map((name) => {
      const t = listed.get(name);
      if (t) return t;
      if (!probe.has(name)) return entry(LEADER_NOT_AVAILABLE, name);
      call.ids.learnAbsent(name);
      return entry(E.TOPIC_AUTH, name);
    });
    finish(resp);
    resp.Topics = [...items(resp, 'Topics'), ...synthesized];
  });
}
