/**
 * Fuzz target: the Kafka response rewriters. For every (api, version) whose answer carries
 * broker addresses (carriesAddresses: Metadata, FindCoordinator, DescribeCluster, Produce and
 * Fetch NodeEndpoints, ShareFetch/ShareAcknowledge, DescribeQuorum; walked by address-walkers.ts
 * with the schema skipper, schema/skip.ts), and for ApiVersions trimming (trimApiVersionsResponse
 * with the gateway's own ACL apis, as the Kafka session calls it), valid answers built from the schema table plus mutations.
 *
 * Crash: an exception other than KafkaDecodeError (the reader's and the schema codec's one
 * refusal); an identity mapping that returns another Buffer; a rewrite whose addresses
 * do not re-parse as the mapped ones; a valid answer that does not come back byte for byte when
 * the inverse mapping is applied (bytes outside the addresses changed); a trimmed ApiVersions
 * that lists an unsupported key or a range outside the gateway's.
 */
import fc from 'fast-check';
import { API_SPECS, responseHeaderVersion } from '../../src/protocol/kafka/api-table.js';
import { KafkaDecodeError } from '../../src/protocol/kafka/codec-errors.js';
import { carriesAddresses, collectAddresses, rewriteAddresses, type NodeAddress } from '../../src/protocol/kafka/rewrite.js';
import { trimApiVersionsResponse, type VersionRange } from '../../src/protocol/kafka/api-versions.js';
import { GATEWAY_ACL_APIS } from '../../src/adapters/kafka/authz/api-versions.js';
import { readResponse } from '../../src/protocol/kafka/schema/frames.js';
import { items, num } from '../../src/protocol/kafka/schema/message.js';
import { bodyArb, layoutVersions, responseFrame } from '../lib/kafka-arb.js';
import { applyMutations, fixSizePrefix, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

const API_VERSIONS = 18;

/** Every answer layout that carries addresses, from the api table and the rewriter's own test. */
export const ADDRESS_CARRIERS = layoutVersions('response').filter(({ key, version }) => carriesAddresses(key, version));
const API_VERSIONS_PAIRS = layoutVersions('response').filter(({ key }) => key === API_VERSIONS);

// the gateway maps to its own (valid) ports; flipping bit 0 of a valid port keeps it valid and invertible
const validPort = (p: number): boolean => p >= 0 && p <= 0xffff;
const toGateway = (a: NodeAddress) => ({ host: `gw.${a.host}`, port: validPort(a.port) ? a.port ^ 1 : 9092 });
const back = (a: NodeAddress) => ({ host: a.host.startsWith('gw.') ? a.host.slice(3) : a.host, port: a.port ^ 1 });
const same = (a: NodeAddress) => ({ host: a.host, port: a.port });

function checkRewrite(key: number, version: number, frame: Buffer, exact: boolean): void {
  const before = collectAddresses(key, version, frame);
  oracle(rewriteAddresses(key, version, frame, same) === frame, 'identity mapping returned a new Buffer');
  const out = rewriteAddresses(key, version, frame, toGateway);
  const after = collectAddresses(key, version, out);
  const want = before.map((a) => ({ ...a, ...toGateway(a) }));
  oracle(JSON.stringify(after) === JSON.stringify(want), 'rewritten addresses re-parse differently');
  if (exact && before.every((a) => validPort(a.port))) oracle(rewriteAddresses(key, version, out, back).equals(frame), 'inverse rewrite does not give the original bytes back');
}

const supported = (k: number): VersionRange | undefined => {
  const s = API_SPECS.get(k);
  return s && s.clientFacing && k % 3 !== 0 ? { min: s.minVersion, max: s.maxVersion } : undefined;
};
/** What the Kafka session passes: the authorization stage's own apis (DescribeAcls, CreateAcls, DeleteAcls). */
const owned: ReadonlyMap<number, VersionRange> = GATEWAY_ACL_APIS;

function checkTrim(version: number, frame: Buffer): void {
  const out = trimApiVersionsResponse(frame, version, supported, owned);
  if (out === frame) return;
  if (out.readInt16BE(8) !== 0) return; // error answers keep their v0 body
  const { body } = readResponse(out, API_VERSIONS, version);
  for (const e of items(body, 'ApiKeys')) {
    const k = num(e, 'ApiKey');
    const r = owned.get(k) ?? supported(k);
    oracle(r !== undefined, `trimmed ApiVersions lists unsupported key ${k}`);
    if (r) oracle(num(e, 'MinVersion') >= r.min && num(e, 'MaxVersion') <= r.max, `trimmed range of key ${k} outside the gateway's`);
  }
  const keys = items(body, 'ApiKeys').map((e) => num(e, 'ApiKey'));
  oracle(
    [...owned.keys()].every((k) => keys.includes(k)),
    'ApiVersions answer lacks the gateway ACL apis',
  );
}

const carrierArb = fc
  .constantFrom(...ADDRESS_CARRIERS)
  .chain(({ key, version }) =>
    fc.record({ kind: fc.constant('address' as const), key: fc.constant(key), version: fc.constant(version), body: bodyArb('response', key, version), variants: variantsArb(12) }),
  );
const apiVersionsArb = fc
  .constantFrom(...API_VERSIONS_PAIRS)
  .chain(({ key, version }) =>
    fc.record({ kind: fc.constant('apiversions' as const), key: fc.constant(key), version: fc.constant(version), body: bodyArb('response', key, version), variants: variantsArb(12) }),
  );

export const kafkaResponsesTarget = target({
  name: 'kafka-response-rewriters',
  crash: 'address rewrite / ApiVersions trim: exceptions other than KafkaDecodeError; identity not identical; rewrite or trim that re-parses wrong; bytes changed outside addresses',
  arbitrary: fc.tuple(fc.oneof({ weight: 4, arbitrary: carrierArb }, { weight: 1, arbitrary: apiVersionsArb }), fc.integer()),
  expected: (e) => e instanceof KafkaDecodeError,
  check([c, correlationId], probe) {
    const frame = responseFrame(responseHeaderVersion(c.key, c.version) === 1, correlationId, c.body);
    const run = (f: Buffer, exact: boolean): void => {
      if (c.kind === 'address') probe(f, () => checkRewrite(c.key, c.version, f, exact));
      else {
        probe(f, () => checkTrim(c.version, f));
      }
    };
    run(frame, true);
    for (const muts of c.variants) run(fixSizePrefix(applyMutations(frame, muts)), false);
  },
});
