/**
 * Cross-check with an independent decoder: kafkajs's own response decoders (non-flexible
 * Metadata v0-6, FindCoordinator v0-2, ApiVersions v0-2) read the frames before and after the
 * gateway touched them. Every non-address field must decode to the same value.
 */
import t from 'tap';
import { createRequire } from 'node:module';
import { trimApiVersionsResponse } from '../../../../src/protocol/kafka/api-versions.js';
import { rewriteAddresses } from '../../../../src/protocol/kafka/rewrite.js';
import { apiVersionsResponse, findCoordinatorResponse, metadataResponse } from '../../../helpers/kafka-encode.js';
import { backend, broker, gateway, toGateway } from './rewrite-check.js';

const require = createRequire(import.meta.url);
type Decoded = Record<string, unknown>;
type Decode = (body: Buffer) => Promise<Decoded>;
const decoder = (path: string): Decode => (require(`kafkajs/src/protocol/requests/${path}/response.js`) as { decode: Decode }).decode;
/** kafkajs decoders take the body after the size prefix and correlation id. */
const body = (frame: Buffer): Buffer => frame.subarray(8);

t.test('Metadata v0..6 decoded by kafkajs', async (t) => {
  for (let v = 0; v <= 6; v++) {
    const original = metadataResponse(v, 1, { brokers: [broker(backend, 1, 'r1'), broker(backend, 2)], topics: ['orders', 'audit'] });
    const out = rewriteAddresses(3, v, original, toGateway);
    const before = await decoder(`metadata/v${v}`)(body(original));
    const after = await decoder(`metadata/v${v}`)(body(out));
    const brokersBefore = before.brokers as Decoded[];
    const brokersAfter = after.brokers as Decoded[];
    t.same(
      brokersAfter.map((b) => [b.nodeId, b.host, b.port]),
      brokersBefore.map((b) => [b.nodeId, gateway(b.nodeId as number).host, gateway(b.nodeId as number).port]),
      `v${v} brokers rewritten`,
    );
    if (v >= 1)
      t.same(
        brokersAfter.map((b) => b.rack),
        brokersBefore.map((b) => b.rack),
        `v${v} racks kept`,
      );
    const { brokers: _b1, ...restBefore } = before;
    const { brokers: _b2, ...restAfter } = after;
    t.same(restAfter, restBefore, `v${v} every other field identical`);
    t.ok((restAfter.topicMetadata as unknown[]).length === 2, `v${v} topics decoded`);
  }
});

t.test('FindCoordinator v0..2 decoded by kafkajs', async (t) => {
  for (let v = 0; v <= 2; v++) {
    const original = findCoordinatorResponse(v, 1, { single: { key: 'g', ...broker(backend, 3) } });
    const after = await decoder(`findCoordinator/v${v}`)(body(rewriteAddresses(10, v, original, toGateway)));
    t.same(after.coordinator, { nodeId: 3, ...gateway(3) }, `v${v}`);
    t.equal(after.errorCode, 0);
  }
});

t.test('trimmed ApiVersions v0..2 decoded by kafkajs', async (t) => {
  for (let v = 0; v <= 2; v++) {
    const original = apiVersionsResponse(v, 1, {
      apis: [
        { key: 0, min: 0, max: 13 },
        { key: 4, min: 0, max: 7 },
        { key: 18, min: 0, max: 4 },
      ],
    });
    const out = trimApiVersionsResponse(original, v, (k) => (k === 0 ? { min: 3, max: 9 } : k === 18 ? { min: 0, max: 3 } : undefined));
    const after = await decoder(`apiVersions/v${v}`)(body(out));
    t.same(after.apiVersions, [
      { apiKey: 0, minVersion: 3, maxVersion: 9 },
      { apiKey: 18, minVersion: 0, maxVersion: 3 },
    ]);
    // kafkajs reports the v2 throttle as clientSideThrottleTime
    if (v >= 1) t.equal(v === 1 ? after.throttleTime : after.clientSideThrottleTime, 12, 'throttle kept');
  }
});
