/**
 * Produce (0). (a) When any record batch carries the transactional bit (attributes 0x10, magic
 * 2 batches only): WRITE on TRANSACTIONAL_ID(TransactionalId), a null id counting as denied;
 * denial = every partition gets 53. A transactional id alone with plain batches is not checked.
 * (b) WRITE on TOPIC per topic (names; ids resolved from v13, unknown id → 100 before the
 * check): ITEM 29. Idempotent produce needs nothing more (IDEMPOTENT_WRITE moved to
 * InitProducerId). With acks=0 there is no answer at all, so any denial closes the connection.
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { buf, items, num, str } from '../../../../protocol/kafka/schema/message.js';
import { rejectAllTopics, splitTopics, itemVerdict, type TopicLayout } from '../items.js';
import { E, topicCheck, txnCheck, type ApiRule } from '../rule.js';

export const PRODUCE_LAYOUT: TopicLayout = {
  reqTopics: 'TopicData',
  reqName: 'Name',
  reqId: 'TopicId',
  idFrom: 13,
  reqParts: 'PartitionData',
  reqIndex: 'Index',
  respTopics: 'Responses',
  respName: 'Name',
  respId: 'TopicId',
  respParts: 'PartitionResponses',
  respIndex: 'Index',
  respError: 'ErrorCode',
};

const BATCH_HEADER = 61;

/** Whether a records blob holds a magic-2 batch with the transactional attribute bit. */
export function hasTransactionalBatch(records: Buffer | null): boolean {
  if (!records) return false;
  let at = 0;
  while (at + BATCH_HEADER <= records.length) {
    const length = records.readInt32BE(at + 8);
    if (records.readInt8(at + 16) >= 2 && (records.readInt16BE(at + 21) & 0x10) !== 0) return true;
    if (length <= 0) return false;
    at += 12 + length;
  }
  return false;
}

function transactional(call: Call): boolean {
  // a Produce received in pieces: its records were scanned where they lie (produce-pieces.ts)
  const scanned = call.piecedTransactional();
  if (scanned !== undefined) return scanned;
  for (const t of items(call.body(), 'TopicData')) {
    for (const p of items(t, 'PartitionData')) if (hasTransactionalBatch(buf(p, 'Records'))) return true;
  }
  return false;
}

function handleProduce(call: Call): Verdict {
  const body = call.body();
  const acks = num(body, 'Acks');
  if (transactional(call)) {
    const id = str(body, 'TransactionalId');
    if (id === null || !call.allow('WRITE', 'TRANSACTIONAL_ID', id)) {
      if (acks === 0) return call.close('transactional produce without WRITE on the transactional id (acks=0)');
      return rejectAllTopics(call, PRODUCE_LAYOUT, E.TXN_AUTH);
    }
  }
  const split = splitTopics(call, PRODUCE_LAYOUT, items(body, 'TopicData'), (name) => (call.allow('WRITE', 'TOPIC', name) ? 0 : E.TOPIC_AUTH));
  if (split.denied.length > 0 && acks === 0) return call.close('produce with acks=0 to a topic it may not write');
  return itemVerdict(call, PRODUCE_LAYOUT, split);
}

export const PRODUCE_RULE: ApiRule = {
  key: 0,
  checks: [txnCheck('WRITE', 'TransactionalId', 'REJECT', E.TXN_AUTH, 'transactional batches'), topicCheck('WRITE', 'TopicData[].Name | TopicId (v13+)', 'ITEM')],
  handle: handleProduce,
};
