import t from 'tap';
import { API_SPECS, apiName, isFlexible, requestHeaderVersion, responseHeaderVersion } from '../../../../src/protocol/kafka/api-table.js';

t.test('covers every key 0..92 with sane ranges', async (t) => {
  for (let key = 0; key <= 92; key++) {
    const spec = API_SPECS.get(key);
    t.ok(spec, `key ${key} present`);
    if (!spec) continue;
    t.equal(spec.key, key);
    t.ok(spec.minVersion <= spec.maxVersion, `${spec.name} range ordered`);
    if (spec.flexibleFrom !== null) t.ok(spec.flexibleFrom <= spec.maxVersion, `${spec.name} flexible within range`);
  }
  t.equal(API_SPECS.has(93), false);
  t.equal(API_SPECS.has(-1), false);
});

t.test('known facts from the Kafka schemas', async (t) => {
  const m = API_SPECS.get(3)!;
  t.match(m, { name: 'Metadata', minVersion: 0, maxVersion: 13, flexibleFrom: 9, clientFacing: true });
  t.match(API_SPECS.get(0), { name: 'Produce', minVersion: 0, maxVersion: 13, flexibleFrom: 9 });
  t.match(API_SPECS.get(1), { name: 'Fetch', minVersion: 0, maxVersion: 18, flexibleFrom: 12 });
  t.match(API_SPECS.get(17), { name: 'SaslHandshake', flexibleFrom: null });
  t.match(API_SPECS.get(47), { name: 'OffsetDelete', flexibleFrom: null });
  t.match(API_SPECS.get(18), { name: 'ApiVersions', minVersion: 0, maxVersion: 4, flexibleFrom: 3 });
  t.match(API_SPECS.get(60), { name: 'DescribeCluster', maxVersion: 2, flexibleFrom: 0 });
  t.match(API_SPECS.get(78), { name: 'ShareFetch', minVersion: 0, maxVersion: 2 });
  t.match(API_SPECS.get(92), { name: 'DeleteShareGroupOffsets', maxVersion: 0 });
});

t.test('inter-broker and controller-only keys are not client facing', async (t) => {
  for (const key of [4, 5, 6, 7, 27, 52, 53, 54, 56, 58, 59, 62, 63, 67, 70, 73, 82, 83, 84, 85, 86, 87]) {
    t.equal(API_SPECS.get(key)?.clientFacing, false, `${apiName(key)} blocked`);
  }
  for (const key of [0, 1, 3, 10, 17, 18, 36, 55, 60, 68, 75, 78, 88]) {
    t.equal(API_SPECS.get(key)?.clientFacing, true, `${apiName(key)} allowed`);
  }
});

t.test('header versions', async (t) => {
  t.equal(requestHeaderVersion(3, 8), 1, 'Metadata v8 is not flexible');
  t.equal(requestHeaderVersion(3, 9), 2, 'Metadata v9 is flexible');
  t.equal(responseHeaderVersion(3, 8), 0);
  t.equal(responseHeaderVersion(3, 9), 1);
  t.equal(requestHeaderVersion(7, 0), 0, 'ControlledShutdown v0 uses header v0');
  t.equal(requestHeaderVersion(7, 1), 1);
  t.equal(requestHeaderVersion(17, 1), 1, 'SaslHandshake never flexible');
  t.equal(requestHeaderVersion(18, 3), 2, 'ApiVersions v3 request header is v2');
  t.equal(responseHeaderVersion(18, 3), 0, 'ApiVersions response header is always v0');
  t.equal(responseHeaderVersion(18, 4), 0);
  t.equal(requestHeaderVersion(18, 7), 2, 'an unknown higher ApiVersions version follows the flexible rule');
  t.equal(responseHeaderVersion(60, 0), 1, 'DescribeCluster flexible from v0');
  t.equal(isFlexible(0, 9), true);
  t.equal(isFlexible(0, 8), false);
  t.throws(() => requestHeaderVersion(999, 0), RangeError);
  t.equal(apiName(999), 'Unknown(999)');
});
