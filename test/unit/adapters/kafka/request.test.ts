/**
 * A Kafka request body is decoded once per pipeline: Produce's acks and the authorizer read the
 * same strictly decoded body (KafkaRequest), so the decision is made on exactly what was read.
 * Without an authorizer only the fields up to acks are read.
 */
import t from 'tap';
import { KafkaRequest } from '../../../../src/adapters/kafka/request.js';
import { ProduceAcksStage } from '../../../../src/adapters/kafka/produce-acks.js';
import type { Msg } from '../../../../src/protocol/kafka/schema/message.js';
import type { RequestInfo } from '../../../../src/proxy/protocol.js';
import { allow, Harness, localAnswer, requestFrameOf } from './authz/harness.js';

const produce = (acks: number, name: string) => requestFrameOf(0, 9, { Acks: acks, TimeoutMs: 100, TopicData: [{ Name: name, PartitionData: [{ Index: 0, Records: null }] }] }, 21);
const infoOf = (): RequestInfo => ({ apiKey: 0, apiVersion: 9, id: 21, expectResponse: true, api: 'Produce' });

t.test('the body is decoded once and every stage gets the same object', async (t) => {
  const req = new KafkaRequest(produce(1, 'open'));
  t.notOk(req.bodyDecoded);
  const body = req.body();
  t.ok(req.bodyDecoded);
  t.equal(req.body(), body, 'the same object: not decoded again');
});

t.test("the authorizer decides on the pipeline's decoded body, not on a second reading of the bytes", async (t) => {
  const h = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'open')]);
  const info = infoOf();
  const req = new KafkaRequest(produce(1, 'open'));
  const topics = req.body().TopicData as Msg[];
  topics[0].Name = 'secret';
  const v = await h.stage.onRequest(req, info, h.ctx);
  const answer = localAnswer({ verdict: v, info, frame: req.frame });
  const parts = (answer.Responses as Msg[])[0].PartitionResponses as Msg[];
  t.equal(parts[0].ErrorCode, 29, 'secret (the decoded name) denied although the bytes say open');
});

t.test('Produce acks: from the strict decode when an authorizer follows, from the bytes otherwise', async (t) => {
  const strict = new ProduceAcksStage(true);
  const req = new KafkaRequest(produce(1, 'open'));
  const info = infoOf();
  t.equal(strict.onRequest(req, info), null);
  t.equal(info.expectResponse, true);
  t.ok(req.bodyDecoded, 'decoded here, for the authorizer to reuse');
  req.body().Acks = 0;
  const again = infoOf();
  strict.onRequest(req, again);
  t.equal(again.expectResponse, false, 'acks read from the decoded body');

  const lenient = new ProduceAcksStage(false);
  const bare = new KafkaRequest(produce(0, 'open'));
  const bareInfo = infoOf();
  t.equal(lenient.onRequest(bare, bareInfo), null);
  t.equal(bareInfo.expectResponse, false, 'acks=0: no answer awaited');
  t.notOk(bare.bodyDecoded, 'no authorizer: the body is not decoded');

  const truncated = new KafkaRequest(produce(1, 'open').subarray(0, 20));
  const v = strict.onRequest(truncated, infoOf());
  t.equal(v?.kind, 'close');
  t.equal(v?.kind === 'close' ? v.error.code : '', 'SW_ERR_MALFORMED_REQUEST');
});
