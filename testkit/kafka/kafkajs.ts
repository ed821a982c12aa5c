// kafkajs (pure JavaScript Kafka client) wrappers for tests and bench: quiet, fast-failing clients
// with optional TLS/SASL, plus produce / consume-N-via-a-group helpers.
// kafkajs negotiates versions via ApiVersions, so it works against both mock flavors.
import { CompressionTypes, Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';

export interface KafkajsOptions {
  /** 'host:port,host:port' or a list. */
  brokers: string | string[];
  clientId?: string;
  ssl?: KafkaConfig['ssl'];
  sasl?: SASLOptions;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
}

export function createKafkajs(opts: KafkajsOptions): Kafka {
  const brokers = typeof opts.brokers === 'string' ? opts.brokers.split(',') : opts.brokers;
  return new Kafka({
    clientId: opts.clientId ?? 'streamward-test',
    brokers,
    ssl: opts.ssl,
    sasl: opts.sasl,
    logLevel: logLevel.NOTHING,
    connectionTimeout: opts.connectionTimeoutMs ?? 3000,
    authenticationTimeout: 3000,
    requestTimeout: opts.requestTimeoutMs ?? 5000,
    retry: { retries: opts.retries ?? 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** Produces `values` in batches of 100 (auto-creating the topic if the cluster allows it). */
export async function kafkajsProduce(kafka: Kafka, topic: string, values: readonly Buffer[], opts: { gzip?: boolean; acks?: number } = {}): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 100) {
      await producer.send({
        topic,
        acks: opts.acks ?? -1,
        compression: opts.gzip ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: values.slice(i, i + 100).map((value) => ({ value })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface KafkajsConsumeOptions {
  topic: string;
  groupId: string;
  count: number;
  timeoutMs?: number;
}

/**
 * Joins consumer group `groupId`, reads `topic` from the beginning until `count` messages
 * arrived, then leaves. Rejects on timeout or consumer crash (messages so far in the error).
 */
export async function kafkajsConsume(kafka: Kafka, opts: KafkajsConsumeOptions): Promise<Buffer[]> {
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 250,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const got: Buffer[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [opts.topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kafkajs consume: ${got.length}/${opts.count} messages before timeout`)), opts.timeoutMs ?? 20_000);
      consumer.on(consumer.events.CRASH, (e) => {
        clearTimeout(timer);
        reject(new Error(`kafkajs consumer crashed: ${e.payload.error.message}`));
      });
      consumer
        .run({
          eachMessage: async ({ message }) => {
            if (message.value) got.push(message.value);
            if (got.length >= opts.count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        });
    });
    return got;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
