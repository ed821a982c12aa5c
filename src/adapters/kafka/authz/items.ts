/**
 * ITEM denials for the many apis shaped "topics, each with partitions": resolve each request
 * topic (by name, or by id through the TopicIdMap), decide it, strip the denied ones from the
 * request, and put synthesized error entries for them into the answer (merged into the
 * backend's answer, or a local answer when nothing is left to forward).
 */
import type { Verdict } from '../../../proxy/protocol.js';
import type { Call, ResponseEdit } from './call.js';
import { buf, ints, items, list, str, type Msg, type Value } from '../../../protocol/kafka/schema/message.js';
import { E } from './rule.js';

/** Where topics, names/ids and partitions sit in one api's request and response. */
export interface TopicLayout {
  reqTopics: string;
  reqName: string;
  reqId?: string;
  /** First version naming topics by id (reqId/respId); undefined = always by name. */
  idFrom?: number;
  /** Partition list of a request topic: structs with `reqIndex`, or an int32 array (reqIndex null). */
  reqParts: string;
  reqIndex: string | null;
  respTopics: string;
  respName: string;
  respId?: string;
  respParts: string;
  respIndex: string;
  respError: string;
  /** Extra values of a synthesized partition entry (beyond index and error code). */
  partitionValues?: Record<string, Value>;
}

export interface TopicDenial {
  topic: Msg;
  code: number;
}

/** The name of a request topic, or null for an id the gateway does not know (UNKNOWN_TOPIC_ID). */
export function topicName(call: Call, layout: TopicLayout, topic: Msg): string | null {
  if (layout.idFrom !== undefined && call.version >= layout.idFrom && layout.reqId) {
    const id = buf(topic, layout.reqId);
    return id ? call.ids.name(id) : null;
  }
  return str(topic, layout.reqName);
}

/**
 * Split request topics into kept and denied. `decide` returns 0 to keep a topic or the error
 * code for it; ids the gateway cannot resolve get UNKNOWN_TOPIC_ID first (before any check).
 */
export function splitTopics(call: Call, layout: TopicLayout, topics: readonly Msg[], decide: (name: string) => number): { kept: Msg[]; denied: TopicDenial[] } {
  const kept: Msg[] = [];
  const denied: TopicDenial[] = [];
  for (const t of topics) {
    const name = topicName(call, layout, t);
    const code = name === null ? E.UNKNOWN_TOPIC_ID : decide(name);
    if (code === 0) kept.push(t);
    else denied.push({ topic: t, code });
  }
  return { kept, denied };
}

function partitionIndexes(layout: TopicLayout, topic: Msg): number[] {
  if (layout.reqIndex === null) return ints(topic, layout.reqParts);
  const idx = layout.reqIndex;
  return items(topic, layout.reqParts).map((p) => p[idx] as number);
}

/** The response entry for a denied request topic: its name or id, every partition with `code`. */
export function deniedTopicEntry(call: Call, layout: TopicLayout, d: TopicDenial, responsePath: readonly string[] = [layout.respTopics]): Msg {
  const byId = layout.idFrom !== undefined && call.version >= layout.idFrom;
  const ident: Record<string, Value> = byId && layout.reqId && layout.respId ? { [layout.respId]: d.topic[layout.reqId] } : { [layout.respName]: d.topic[layout.reqName] };
  const parts = partitionIndexes(layout, d.topic).map((i) => call.responseEntry([...responsePath, layout.respParts], { ...layout.partitionValues, [layout.respIndex]: i, [layout.respError]: d.code }));
  return call.responseEntry(responsePath, { ...ident, [layout.respParts]: parts });
}

/** Append entries to a response array field (created when the backend sent null). */
export function appendEntries(body: Msg, field: string, entries: readonly Msg[]): void {
  body[field] = [...(list(body, field) ?? []), ...entries];
}

/**
 * The verdict for a request whose topics were split: forward untouched when nothing was denied;
 * answer locally when nothing is left; else forward the kept topics and merge the denied ones
 * into the answer. `local` adds api-specific fields to a local answer; `edit` runs on every
 * backend answer (before the merge).
 */
export function itemVerdict(
  call: Call,
  layout: TopicLayout,
  split: { kept: Msg[]; denied: TopicDenial[] },
  opts: { local?: (body: Msg) => void; edit?: ResponseEdit; forceForward?: boolean } = {},
): Verdict {
  const { kept, denied } = split;
  if (denied.length === 0) return call.forward(null, opts.edit);
  const entries = denied.map((d) => deniedTopicEntry(call, layout, d));
  if (kept.length === 0 && !opts.forceForward) {
    const body = call.response({ [layout.respTopics]: entries });
    opts.local?.(body);
    return call.respond(body);
  }
  const req = { ...call.body(), [layout.reqTopics]: kept };
  return call.forward(req, (resp) => {
    const out = opts.edit?.(resp) ?? resp;
    appendEntries(out, layout.respTopics, entries);
    return out;
  });
}

/** Every topic of the request answered with `code` (a REJECT that echoes all items). */
export function rejectAllTopics(call: Call, layout: TopicLayout, code: number, local?: (body: Msg) => void): Verdict {
  const topics = items(call.body(), layout.reqTopics);
  const body = call.response({ [layout.respTopics]: topics.map((t) => deniedTopicEntry(call, layout, { topic: t, code })) });
  local?.(body);
  return call.respond(body);
}

/** The common case: one operation on every named topic, ITEM 29 (100 for unknown ids). */
export function topicItems(call: Call, layout: TopicLayout, operation: string, opts: Parameters<typeof itemVerdict>[3] = {}): Verdict {
  const topics = items(call.body(), layout.reqTopics);
  const split = splitTopics(call, layout, topics, (name) => (call.allow(operation, 'TOPIC', name) ? 0 : E.TOPIC_AUTH));
  return itemVerdict(call, layout, split, opts);
}
