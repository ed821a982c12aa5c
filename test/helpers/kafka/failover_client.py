#!/usr/bin/python3
"""Replica-failover client (Debian python3-confluent-kafka 1.7, librdkafka 2.0.2).

Usage: failover_client.py produce '<json>' | failover_client.py dump '<json>'

produce: {bootstrap, topic, config, intervalMs}. Streams numbered messages ("m<n>", key "k<n>")
  until stdin closes, then flushes (30 s) and exits. Prints one JSON line per delivery report:
  {"ack": n, "t": epoch ms} or {"fail": n, "t": ..., "err": "..."}; then {"done": true, "sent": N,
  "unflushed": K}. librdkafka error callbacks go to stderr as JSON lines.
dump: {bootstrap, topic, config}. Reads every partition of the topic from the start to its high
  watermark and prints {"values": ["m0", ...]} (one entry per record, duplicates kept).
"""
import json
import select
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def now_ms():
    return int(time.time() * 1000)


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def produce(cfg):
    conf = dict(cfg.get("config", {}))
    conf["bootstrap.servers"] = cfg["bootstrap"]
    conf["error_cb"] = lambda e: sys.stderr.write(json.dumps({"t": now_ms(), "error": str(e)}) + "\n")
    producer = Producer(conf)

    def report(err, msg):
        n = int(msg.value()[1:])
        if err is None:
            out({"ack": n, "t": now_ms()})
        else:
            out({"fail": n, "t": now_ms(), "err": str(err)})

    interval = cfg.get("intervalMs", 10) / 1000.0
    sent = 0
    while True:
        ready, _, _ = select.select([sys.stdin], [], [], 0)
        if ready and sys.stdin.readline() == "":
            break
        producer.produce(cfg["topic"], value=b"m%d" % sent, key=b"k%d" % sent, on_delivery=report)
        sent += 1
        producer.poll(interval)
    left = producer.flush(30)
    out({"done": True, "sent": sent, "unflushed": left})


def dump(cfg):
    conf = dict(cfg.get("config", {}))
    conf.update({"bootstrap.servers": cfg["bootstrap"], "group.id": "failover-dump", "enable.auto.commit": False})
    consumer = Consumer(conf)
    meta = consumer.list_topics(cfg["topic"], timeout=10)
    parts = sorted(meta.topics[cfg["topic"]].partitions.keys())
    ends = {p: consumer.get_watermark_offsets(TopicPartition(cfg["topic"], p), timeout=10)[1] for p in parts}
    consumer.assign([TopicPartition(cfg["topic"], p, 0) for p in parts])
    values, pos = [], {p: 0 for p in parts}
    deadline = time.time() + 30
    while any(pos[p] < ends[p] for p in parts) and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        values.append(msg.value().decode())
        pos[msg.partition()] = msg.offset() + 1
    consumer.close()
    out({"values": values, "complete": all(pos[p] >= ends[p] for p in parts)})


if __name__ == "__main__":
    {"produce": produce, "dump": dump}[sys.argv[1]](json.loads(sys.argv[2]))
