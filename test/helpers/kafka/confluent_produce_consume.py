#!/usr/bin/python3
"""Real-client round trip with Debian's python3-confluent-kafka (1.7, librdkafka 2.0.2).

Usage: confluent_produce_consume.py '<json config>'

Config keys:
  bootstrap (str, required), topic (str, required)
  mode: "both" (default) | "produce" | "consume"
  payloadFile: file of (uint32 BE length, bytes) records to produce; otherwise
  count + seed: generate count deterministic payloads (seed default 1)
  expect: messages to consume in "consume" mode (default: count)
  config: librdkafka properties for producer and consumer (TLS/SASL settings go here)
  producerConfig / consumerConfig: extra properties for one side only
  groupId: consumer group (default "py-<topic>"); assign: true to skip the group
  compression: compression.type for the producer
  timeoutSec: overall budget (default 30)

Prints one JSON line: ok, produced, consumed, producedSha256, consumedSha256,
clientErrors, error, elapsedMs. The digest is sha256 over the payloads sorted bytewise,
each prefixed with its 4-byte big-endian length (same as test/helpers/kafka/payloads.ts).
Exits 0 when ok, 1 otherwise, 2 on bad usage.
"""
import hashlib
import json
import random
import struct
import sys
import time

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition

# Errors after which waiting longer cannot help.
FATAL_CODES = {KafkaError._AUTHENTICATION, KafkaError._SSL, KafkaError.SASL_AUTHENTICATION_FAILED,
               KafkaError.TOPIC_AUTHORIZATION_FAILED, KafkaError.GROUP_AUTHORIZATION_FAILED,
               KafkaError.CLUSTER_AUTHORIZATION_FAILED}


def digest(payloads):
    h = hashlib.sha256()
    for p in sorted(payloads):
        h.update(struct.pack(">I", len(p)))
        h.update(p)
    return h.hexdigest()


def load_payloads(cfg):
    if cfg.get("payloadFile"):
        with open(cfg["payloadFile"], "rb") as f:
            data = f.read()
        out, off = [], 0
        while off < len(data):
            (n,) = struct.unpack_from(">I", data, off)
            out.append(data[off + 4:off + 4 + n])
            off += 4 + n
        return out
    rng = random.Random(cfg.get("seed", 1))
    return [b"#%d:" % i + rng.randbytes(8 + rng.randrange(256)) for i in range(int(cfg.get("count", 0)))]


class Run:
    def __init__(self, cfg):
        self.cfg = cfg
        self.deadline = time.monotonic() + float(cfg.get("timeoutSec", 30))
        self.client_errors = []
        self.fatal = None

    def on_error(self, err):
        self.client_errors.append("%s: %s" % (err.name(), err.str()))
        if err.code() in FATAL_CODES or err.fatal():
            self.fatal = err.str()

    def conf(self, side):
        conf = {"bootstrap.servers": self.cfg["bootstrap"], "error_cb": self.on_error}
        conf.update(self.cfg.get("config", {}))
        conf.update(self.cfg.get(side, {}))
        return conf

    def left(self):
        return self.deadline - time.monotonic()

    def produce(self, payloads):
        conf = self.conf("producerConfig")
        if self.cfg.get("compression"):
            conf["compression.type"] = self.cfg["compression"]
        conf.setdefault("message.timeout.ms", max(1000, int(self.left() * 1000) - 1000))
        producer = Producer(conf)
        delivered, failures = [], []

        def on_delivery(err, msg):
            if err is None:
                delivered.append(msg.value())
            else:
                failures.append(err.str())

        for p in payloads:
            while True:
                try:
                    producer.produce(self.cfg["topic"], value=p, on_delivery=on_delivery)
                    break
                except BufferError:
                    producer.poll(0.05)
            producer.poll(0)
        while len(producer) > 0 and self.left() > 0 and not self.fatal:
            producer.flush(min(0.5, max(0.0, self.left())))
        if failures:
            self.client_errors.append("delivery failed: %s (x%d)" % (failures[0], len(failures)))
        return delivered

    def consume(self, expect):
        conf = self.conf("consumerConfig")
        conf.setdefault("group.id", self.cfg.get("groupId", "py-" + self.cfg["topic"]))
        conf.setdefault("auto.offset.reset", "earliest")
        conf.setdefault("enable.auto.commit", True)
        consumer = Consumer(conf)
        if self.cfg.get("assign"):
            md = consumer.list_topics(self.cfg["topic"], timeout=max(0.1, self.left()))
            parts = md.topics[self.cfg["topic"]].partitions
            consumer.assign([TopicPartition(self.cfg["topic"], p, 0) for p in parts])
        else:
            consumer.subscribe([self.cfg["topic"]])
        got = []
        try:
            while len(got) < expect and self.left() > 0 and not self.fatal:
                msg = consumer.poll(min(0.5, max(0.0, self.left())))
                if msg is None:
                    continue
                if msg.error():
                    if msg.error().code() != KafkaError._PARTITION_EOF:
                        self.on_error(msg.error())
                    continue
                got.append(msg.value())
        finally:
            consumer.close()
        return got


def main():
    if len(sys.argv) != 2:
        print("usage: confluent_produce_consume.py '<json config>'", file=sys.stderr)
        return 2
    started = time.monotonic()
    cfg = json.loads(sys.argv[1])
    run = Run(cfg)
    mode = cfg.get("mode", "both")
    payloads = load_payloads(cfg) if mode != "consume" else []
    expect = len(payloads) if mode == "both" else int(cfg.get("expect", cfg.get("count", 0)))
    summary = {"ok": False, "produced": 0, "consumed": 0, "producedSha256": None,
               "consumedSha256": None, "clientErrors": run.client_errors, "error": None}
    try:
        if mode in ("both", "produce"):
            delivered = run.produce(payloads)
            summary["produced"] = len(delivered)
            summary["producedSha256"] = digest(delivered)
        if mode in ("both", "consume") and not run.fatal:
            got = run.consume(expect)
            summary["consumed"] = len(got)
            summary["consumedSha256"] = digest(got)
        produced_ok = mode == "consume" or summary["produced"] == len(payloads)
        if mode == "produce":
            consumed_ok = True
        elif mode == "consume":
            consumed_ok = summary["consumed"] == expect
        else:
            consumed_ok = summary["consumedSha256"] == summary["producedSha256"]
        summary["error"] = run.fatal
        summary["ok"] = produced_ok and consumed_ok and not run.fatal
    except Exception as e:  # report, never hang
        summary["error"] = "%s: %s" % (type(e).__name__, e)
    summary["elapsedMs"] = int((time.monotonic() - started) * 1000)
    print(json.dumps(summary), flush=True)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
