// The OAUTHBEARER client first message grammar (Kafka's OAuthBearerClientInitialResponse), with
// the gateway's stricter refusals (duplicate keys, non-ASCII bytes).
import t from 'tap';
import { parseClientFirst, errorChallenge } from '../../../src/sasl/oauthbearer-message.js';

const msg = (s: string) => Buffer.from(s, 'latin1');
const A = '\u0001';

t.test('what kafkajs, librdkafka and the Java client send parses', async (t) => {
  t.same(parseClientFirst(msg(`n,,${A}auth=Bearer abc.def.ghi${A}${A}`)), { authzid: '', token: 'abc.def.ghi', extensions: new Map() });
  const ext = parseClientFirst(msg(`n,a=alice,${A}auth=bearer  a-b_c.d${A}traceId=12 3${A}logicalCluster=lc1${A}${A}`));
  t.equal(ext?.authzid, 'alice');
  t.equal(ext?.token, 'a-b_c.d', 'scheme case-insensitive, several spaces allowed');
  t.same(
    [...(ext?.extensions ?? [])],
    [
      ['traceId', '12 3'],
      ['logicalCluster', 'lc1'],
    ],
  );
});

t.test('malformed messages are refused', async (t) => {
  const bad: Array<[string, string]> = [
    ['no gs2 header', `${A}auth=Bearer x${A}${A}`],
    ['y gs2 flag', `y,,${A}auth=Bearer x${A}${A}`],
    ['no auth', `n,,${A}foo=bar${A}${A}`],
    ['empty', `n,,${A}${A}`],
    ['missing final ^A', `n,,${A}auth=Bearer x${A}`],
    ['other scheme', `n,,${A}auth=Basic x${A}${A}`],
    ['token with a space', `n,,${A}auth=Bearer a b${A}${A}`],
    ['token with a slash', `n,,${A}auth=Bearer a/b${A}${A}`],
    ['auth twice (Kafka keeps the last)', `n,,${A}auth=Bearer a${A}auth=Bearer b${A}${A}`],
    ['bad key', `n,,${A}auth=Bearer a${A}k-1=v${A}${A}`],
    ['empty value', `n,,${A}auth=Bearer a${A}k=${A}${A}`],
    ['authzid with =', `n,a=a=b,${A}auth=Bearer a${A}${A}`],
    ['authzid without a=', `n,alice,${A}auth=Bearer a${A}${A}`],
  ];
  for (const [name, s] of bad) t.equal(parseClientFirst(msg(s)), null, name);
  t.equal(parseClientFirst(Buffer.concat([msg(`n,,${A}auth=Bearer a${A}k=`), Buffer.from([0xc3, 0xa9]), msg(`${A}${A}`)])), null, 'non-ASCII byte');
  t.equal(parseClientFirst(Buffer.from([0x01])), null, 'a lone ^A is not a first message');
});

t.test('the error challenge is the JSON Kafka sends', async (t) => {
  t.equal(errorChallenge().toString(), '{"status":"invalid_token"}');
});
