/** The api key table against facts from Fluss ApiKeys and its gateway interfaces. */
import t from 'tap';
import { API_KEYS, ApiKey, apiKeyInfo, apiName, isPrivateApi, isVersionSupported, servesApi, apisServedBy, ServerType } from '../../../../src/protocol/fluss/api-keys.js';

t.test('table covers 1000..1064 once each, names match ApiKey', async (t) => {
  t.same(
    API_KEYS.map((a) => a.key),
    Array.from({ length: 65 }, (_, i) => 1000 + i),
  );
  for (const [name, key] of Object.entries(ApiKey)) t.equal(apiKeyInfo(key)?.name, name, name);
  t.equal(apiName(999), 'UNKNOWN(999)');
  t.equal(apiName(1012), 'GET_METADATA');
});

t.test('versions and visibility', async (t) => {
  t.same([apiKeyInfo(1016)?.minVersion, apiKeyInfo(1016)?.maxVersion], [0, 2], 'PUT_KV 0..2');
  t.same([apiKeyInfo(1017)?.maxVersion, apiKeyInfo(1034)?.maxVersion], [1, 1], 'LOOKUP, PREFIX_LOOKUP 0..1');
  t.ok(isVersionSupported(1016, 2));
  t.notOk(isVersionSupported(1016, 3));
  t.notOk(isVersionSupported(1012, 1));
  t.notOk(isVersionSupported(5, 0));
  const priv = API_KEYS.filter((a) => a.visibility === 'PRIVATE').map((a) => a.key);
  t.same(priv, [1013, 1018, 1019, 1020, 1022, 1027, 1028, 1029, 1030, 1031, 1042, 1043, 1052]);
  t.ok(isPrivateApi(1030));
  t.notOk(isPrivateApi(1038));
});

t.test('which server type serves which key', async (t) => {
  const C = ServerType.COORDINATOR;
  const T = ServerType.TABLET_SERVER;
  t.ok(servesApi(C, 1000) && servesApi(T, 1000), 'API_VERSIONS both');
  t.ok(servesApi(C, 1038) && servesApi(T, 1038), 'AUTHENTICATE both');
  t.ok(servesApi(C, 1001) && !servesApi(T, 1001), 'CREATE_DATABASE coordinator only');
  t.ok(!servesApi(C, 1014) && servesApi(T, 1014), 'PRODUCE_LOG tablet only');
  t.ok(!servesApi(C, 1026) && servesApi(T, 1026), 'INIT_WRITER tablet only');
  t.ok(servesApi(C, 1040) && servesApi(T, 1040), 'LIST_ACLS both');
  t.ok(servesApi(C, 1039) && !servesApi(T, 1039), 'CREATE_ACLS coordinator only');
  t.notOk(servesApi(ServerType.UNKNOWN, 1000));
  t.equal(apisServedBy(C).length, 18 + 31);
  t.equal(apisServedBy(T).length, 18 + 16);
  const keys = apisServedBy(T).map((a) => a.key);
  t.same(
    keys,
    [...keys].sort((a, b) => a - b),
    'ascending',
  );
});
