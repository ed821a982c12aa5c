/**
 * Fuzz target: the Fluss response rewrites (rewrite.ts): MetadataResponse server addresses
 * (collect / rewrite), ApiVersions trimming and repeated-entry filtering, on valid success
 * frames built from the descriptors, their mutations and error frames.
 *
 * Crash: an exception other than FlussCodecError; an identity mapping or keep-all filter that
 * returns another Buffer; rewritten servers that re-parse differently from the mapping; a valid
 * answer that does not come back byte for byte under the inverse mapping; a trim that keeps a
 * refused key.
 */
import fc from 'fast-check';
import { FlussCodecError } from '../../src/protocol/fluss/codec-error.js';
import { encodeResponseFrame, frameBody, readResponseHeader } from '../../src/protocol/fluss/frame.js';
import { collectMetadataServers, rewriteMetadataServers, trimApiVersions, type MetadataServer } from '../../src/protocol/fluss/rewrite.js';
import { decodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { MetadataResponse } from '../../src/protocol/fluss/messages/metadata.js';
import { ApiVersionsResponse } from '../../src/protocol/fluss/messages/handshake.js';
import { encodedArb } from '../lib/fluss-arb.js';
import { applyMutations, fixSizePrefix, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

const validPort = (p: number): boolean => p >= 0 && p <= 0xffff;
const toGateway = (n: MetadataServer) => (n.nodeId % 5 === 0 ? undefined : { host: `gw.${n.host}`, port: validPort(n.port) ? n.port ^ 1 : 9123 });
const back = (n: MetadataServer) => (n.host.startsWith('gw.') ? { host: n.host.slice(3), port: n.port ^ 1 } : undefined);

function checkMetadata(frame: Buffer, exact: boolean): void {
  const before = collectMetadataServers(frame);
  oracle(rewriteMetadataServers(frame, () => undefined) === frame, 'no-op mapping returned a new Buffer');
  oracle(rewriteMetadataServers(frame, (n) => ({ host: n.host, port: n.port })) === frame, 'identity mapping returned a new Buffer');
  const out = rewriteMetadataServers(frame, toGateway);
  const want = before.map((n) => ({ ...n, ...(toGateway(n) ?? {}) }));
  oracle(JSON.stringify(collectMetadataServers(out)) === JSON.stringify(want), 'rewritten servers re-parse differently');
  if (exact && before.every((n) => validPort(n.port) && !n.host.startsWith('gw.'))) {
    oracle(rewriteMetadataServers(out, back).equals(frame), 'inverse rewrite does not give the original bytes back');
  }
}

function checkTrim(frame: Buffer): void {
  oracle(trimApiVersions(frame, () => true) === frame, 'keep-all trim returned a new Buffer');
  const out = trimApiVersions(frame, (k) => k % 2 === 0);
  const h = readResponseHeader(out);
  if (h.type !== 0) return;
  const kept = decodeMessage(ApiVersionsResponse, frameBody(out, h)).api_versions.map((v) => v.api_key);
  oracle(
    kept.every((k) => k % 2 === 0),
    'trim kept a refused api key',
  );
}

export const flussRewriteTarget = target({
  name: 'fluss-response-rewrites',
  crash: 'metadata address rewrite / ApiVersions trim: exceptions other than FlussCodecError; no-op not identical; rewrite re-parses wrong; bytes changed outside the addresses',
  arbitrary: fc.tuple(fc.boolean(), encodedArb(MetadataResponse), encodedArb(ApiVersionsResponse), fc.integer(), variantsArb(12)),
  expected: (e) => e instanceof FlussCodecError,
  check([errorFrame, metadata, versions, id, variants], probe) {
    const type = errorFrame ? 1 : 0;
    const m = encodeResponseFrame(type, id, metadata);
    const a = encodeResponseFrame(type, id, versions);
    probe(m, () => checkMetadata(m, true));
    probe(a, () => checkTrim(a));
    for (const muts of variants) {
      const bm = fixSizePrefix(applyMutations(m, muts));
      const ba = fixSizePrefix(applyMutations(a, muts));
      probe(bm, () => checkMetadata(bm, false));
      probe(ba, () => checkTrim(ba));
    }
  },
});
