import t from 'tap';
import {
  FLUSS_OPERATION_CODES,
  FLUSS_PERMISSION_CODES,
  FLUSS_RESOURCE_TYPE_CODES,
  KAFKA_OPERATION_CODES,
  KAFKA_PATTERN_TYPE_CODES,
  KAFKA_PERMISSION_CODES,
  KAFKA_RESOURCE_TYPE_CODES,
  codeForName,
  nameForCode,
} from '../../../src/acl/codes.js';
import { validateEntry } from '../../../src/acl/entry.js';
import { flussEntryFromWire, flussEntryToWire, flussFilterFromWire, kafkaEntryFromWire, kafkaEntryToWire, kafkaFilterFromWire } from '../../../src/acl/wire.js';

t.test('wire codes as both projects define them', async (t) => {
  t.same(FLUSS_RESOURCE_TYPE_CODES, { ANY: 1, CLUSTER: 2, DATABASE: 3, TABLE: 4 });
  t.same(FLUSS_OPERATION_CODES, { ANY: 1, ALL: 2, READ: 3, WRITE: 4, CREATE: 5, DROP: 6, ALTER: 7, DESCRIBE: 8 });
  t.same(FLUSS_PERMISSION_CODES, { ANY: 1, ALLOW: 2 });
  t.same(KAFKA_RESOURCE_TYPE_CODES, { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 });
  t.equal(KAFKA_OPERATION_CODES.IDEMPOTENT_WRITE, 12);
  t.equal(KAFKA_OPERATION_CODES.TWO_PHASE_COMMIT, 15);
  t.same(KAFKA_PATTERN_TYPE_CODES, { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 });
  t.same(KAFKA_PERMISSION_CODES, { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 });
  t.equal(nameForCode(KAFKA_OPERATION_CODES, 10), 'DESCRIBE_CONFIGS');
  t.equal(nameForCode(KAFKA_OPERATION_CODES, 99), undefined);
  t.equal(codeForName(FLUSS_OPERATION_CODES, 'DROP'), 6);
  t.equal(codeForName(FLUSS_OPERATION_CODES, 'toString'), undefined, 'no prototype names');
});

t.test('Fluss PbAclInfo and PbAclFilter', async (t) => {
  const pb = { resourceName: 'db.t', resourceType: 4, principalName: 'alice', principalType: 'User', host: '*', operationType: 3, permissionType: 2 };
  const e = flussEntryFromWire(pb);
  t.same(e, { principal: 'User:alice', host: '*', resourceType: 'TABLE', resourceName: 'db.t', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW' });
  t.same(flussEntryToWire(e), pb, 'round trip');
  t.same(flussEntryFromWire({ ...pb, principalName: '*', principalType: '*' }).principal, '*:*');
  t.throws(() => flussEntryFromWire({ ...pb, resourceType: 9 }), /Unknown resource type code 9/);
  t.throws(() => flussEntryFromWire({ ...pb, principalType: 'A:B' }), /contains ':'/);
  const f = flussFilterFromWire({ resourceType: 1, operationType: 1, permissionType: 1, principalName: 'alice' });
  t.same(f, { protocol: 'fluss', resourceType: 'ANY', resourceName: null, principal: null, host: null, operation: 'ANY', permission: 'ANY' }, 'principal only when both name and type are present');
  t.equal(flussFilterFromWire({ resourceType: 3, resourceName: 'db', operationType: 2, permissionType: 2, principalName: 'a', principalType: 'User', host: '1.2.3.4' }).principal, 'User:a');
  t.throws(() => flussFilterFromWire({ resourceType: 3, operationType: 0, permissionType: 2 }), /operation type code 0/);
});

t.test('Kafka bindings and filters', async (t) => {
  const w = { resourceType: 2, resourceName: 'orders', patternType: 4, principal: 'User:a', host: '*', operation: 4, permissionType: 2 };
  const e = kafkaEntryFromWire(w);
  t.same(e, { principal: 'User:a', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'PREFIXED', operation: 'WRITE', permission: 'DENY' });
  t.same(kafkaEntryToWire(e), w);
  const odd = kafkaEntryFromWire({ ...w, operation: 42, patternType: 2 });
  t.equal(odd.operation, 'UNKNOWN', 'unknown codes become UNKNOWN, like Java fromCode');
  t.match(validateEntry('kafka', odd), /patternType 'MATCH'/, 'and are refused as entries');
  t.same(kafkaFilterFromWire({ resourceType: 1, resourceName: null, patternType: 2, principal: null, host: null, operation: 1, permissionType: 1 }), {
    protocol: 'kafka',
    resourceType: 'ANY',
    resourceName: null,
    patternType: 'MATCH',
    principal: null,
    host: null,
    operation: 'ANY',
    permission: 'ANY',
  });
  t.throws(() => kafkaFilterFromWire({ resourceType: 0, resourceName: null, patternType: 1, principal: null, host: null, operation: 1, permissionType: 1 }), /patternFilter/);
  t.throws(() => kafkaFilterFromWire({ resourceType: 1, resourceName: null, patternType: 1, principal: null, host: null, operation: 77, permissionType: 1 }), /entryFilter/);
});
