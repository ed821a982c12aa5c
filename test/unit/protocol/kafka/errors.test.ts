import t from 'tap';
import { KAFKA_ERRORS, kafkaErrorName } from '../../../../src/protocol/kafka/errors.js';

t.test('codes match Kafka', async (t) => {
  t.equal(KAFKA_ERRORS.UNSUPPORTED_VERSION, 35);
  t.equal(KAFKA_ERRORS.INVALID_REQUEST, 42);
  t.equal(KAFKA_ERRORS.TOPIC_AUTHORIZATION_FAILED, 29);
  t.equal(KAFKA_ERRORS.GROUP_AUTHORIZATION_FAILED, 30);
  t.equal(KAFKA_ERRORS.CLUSTER_AUTHORIZATION_FAILED, 31);
  t.equal(KAFKA_ERRORS.UNSUPPORTED_SASL_MECHANISM, 33);
  t.equal(KAFKA_ERRORS.ILLEGAL_SASL_STATE, 34);
  t.equal(KAFKA_ERRORS.SASL_AUTHENTICATION_FAILED, 58);
  t.equal(KAFKA_ERRORS.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 53);
  t.equal(KAFKA_ERRORS.OPERATION_NOT_ATTEMPTED, 55);
  t.equal(KAFKA_ERRORS.UNKNOWN_TOPIC_ID, 100);
  t.equal(KAFKA_ERRORS.STREAMS_INVALID_TOPOLOGY, 130);
});

t.test('codes are unique and named back', async (t) => {
  const codes = Object.values(KAFKA_ERRORS);
  t.equal(new Set(codes).size, codes.length);
  t.equal(kafkaErrorName(29), 'TOPIC_AUTHORIZATION_FAILED');
  t.equal(kafkaErrorName(-1), 'UNKNOWN_SERVER_ERROR');
  t.equal(kafkaErrorName(9999), 'ERROR_9999');
});
