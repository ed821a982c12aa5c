// Attack: read the backend's addresses and secrets out of DescribeConfigs. A broker's answer
// carries `advertised.listeners`, `listeners`, `controller.quorum.voters` (internal hosts a client
// could then reach around the gateway) and, on an unsecured or misconfigured backend, credential
// values (`sasl.jaas.config`, `*.password`, ssl keys). The gateway now rewrites
// advertised.listeners to the broker's gateway endpoint (cluster `configValues: rewrite`, the
// default), redacts host-bearing values it cannot map (and every one under `redact`), and always
// answers credential-bearing values as null with isSensitive, as Kafka does for sensitive
// configs. The librdkafka mock serves no DescribeConfigs, so the request is encoded with
// kafkajs's own DescribeConfigs encoder, the backend answer with the gateway's codec, and the
// gateway's answer is decoded with kafkajs's own decoder (what a real client reads).
import t from 'tap';
import { createRequire } from 'node:module';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { newResponseFrame, responseDefaults } from '../../src/protocol/kafka/schema/frames.js';
import type { ConfigValuesMode } from '../../src/adapters/kafka/authz/config-values.js';
import { KafkaRequest } from '../../src/adapters/kafka/request.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import type { RequestInfo } from '../../src/proxy/protocol.js';
import { fakeCtx, Harness } from '../unit/adapters/kafka/authz/harness.js';

const require = createRequire(import.meta.url);
interface KjsEncoder {
  buffer: Buffer;
}
interface KjsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<KjsEncoder>;
}
interface KjsEntry {
  configName: string;
  configValue: string | null;
  isSensitive: boolean;
  configSynonyms: Array<{ configName: string; configValue: string | null }>;
}
interface KjsResponse {
  resources: Array<{ resourceName: string; configEntries: KjsEntry[] }>;
}
const kjs = require('kafkajs/src/protocol/requests/describeConfigs/index.js') as {
  protocol(o: {
    version: number;
  }): (o: { resources: unknown[]; includeSynonyms: boolean }) => { request: KjsRequest; response: { decode(b: Buffer): Promise<KjsResponse>; parse(r: KjsResponse): Promise<KjsResponse> } };
};

const BACKEND: Record<string, string> = {
  'advertised.listeners': 'PLAINTEXT://kafka-1.internal:9092,REPLICATION://kafka-1.repl.internal:9093',
  listeners: 'PLAINTEXT://0.0.0.0:9092,REPLICATION://0.0.0.0:9093',
  'controller.quorum.voters': '1@ctrl-1.internal:9094',
  'listener.name.plaintext.plain.sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="admin-secret";',
  'ssl.keystore.password': 'keystore-secret',
  'ssl.key.password': 'key-secret',
  'ssl.keystore.key': '-----BEGIN PRIVATE KEY-----MIIE',
  'num.partitions': '3',
};

async function describe(mode: ConfigValuesMode): Promise<Map<string, KjsEntry>> {
  const h = new Harness([], 'User:admin');
  const ctx = fakeCtx('User:admin');
  const nodes = {
    ...ctx.nodes,
    lookup: (n: { key: string; host: string; port: number }) => (n.key === 'broker:1' && n.host === 'kafka-1.internal' && n.port === 9092 ? { host: 'kafka-gw.example.com', port: 19092 } : undefined),
  };
  const stage = kafkaAuthzStage(h.authorizer, { topicIds: new TopicIdMap(), configValues: mode })({ ...ctx, nodes });
  const { request, response } = kjs.protocol({ version: 2 })({ resources: [{ type: 4, name: '1', configNames: [] }], includeSynonyms: true });
  const body = (await request.encode()).buffer;
  const frame = new KafkaWriter().int16(request.apiKey).int16(request.apiVersion).int32(9).nullableString('kafkajs').raw(body).frame();
  const info: RequestInfo = { apiKey: 32, apiVersion: 2, id: 9, expectResponse: true, api: 'DescribeConfigs' };
  const verdict = await stage.onRequest(new KafkaRequest(frame), info, { ...ctx, nodes });
  t.equal(verdict?.kind, 'forward', 'forwarded to the backend');
  const configs = Object.entries(BACKEND).map(([Name, Value]) => ({
    Name,
    Value,
    ReadOnly: false,
    ConfigSource: 2,
    IsSensitive: false,
    Synonyms: [{ Name, Value, Source: 2 }],
  }));
  const backend = newResponseFrame(9, 32, 2, { ...responseDefaults(32, 2), Results: [{ ErrorCode: 0, ErrorMessage: null, ResourceType: 4, ResourceName: '1', Configs: configs }] });
  const out = await stage.responses!.finish(info, backend);
  const decoded = await response.decode(out.subarray(8));
  return new Map(decoded.resources[0].configEntries.map((e) => [e.configName, e]));
}

const SECRETS = ['listener.name.plaintext.plain.sasl.jaas.config', 'ssl.keystore.password', 'ssl.key.password', 'ssl.keystore.key'];

for (const mode of ['rewrite', 'redact', 'pass'] as const) {
  t.test(`configValues: ${mode}`, async (t) => {
    const got = await describe(mode);
    for (const name of SECRETS) {
      const e = got.get(name)!;
      t.same([e.configValue, e.isSensitive, e.configSynonyms.map((s) => s.configValue)], [null, true, [null]], `${name}: null and sensitive, synonyms too`);
    }
    t.equal(got.get('num.partitions')?.configValue, '3', 'ordinary values untouched');
    const text = JSON.stringify([...got.values()]);
    t.notOk(/secret|PRIVATE KEY/.test(text), 'no credential text anywhere in the answer');
    if (mode === 'pass') {
      t.equal(got.get('advertised.listeners')?.configValue, BACKEND['advertised.listeners'], 'pass: addresses as the backend has them');
      return;
    }
    t.notOk(/internal|0\.0\.0\.0/.test(text), 'no backend host anywhere in the answer');
    t.equal(got.get('listeners')?.configValue, null, 'listeners (bind addresses) redacted');
    t.equal(got.get('controller.quorum.voters')?.configValue, null, 'controller addresses redacted');
    const adv = mode === 'rewrite' ? 'PLAINTEXT://kafka-gw.example.com:19092' : null;
    t.equal(got.get('advertised.listeners')?.configValue, adv, `${mode}: advertised.listeners ${adv ?? 'redacted'} (the listener the gateway fronts; the others dropped)`);
  });
}
