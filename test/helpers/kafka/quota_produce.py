#!/usr/bin/python3
"""Produce flat out for a while with Debian's python3-confluent-kafka and report when bytes were
acknowledged, for quota tests (the client honours throttle_time_ms as librdkafka does).

Usage: quota_produce.py '<json config>'

Config keys:
  bootstrap (str), topic (str), seconds (float): how long to produce
  size: value bytes per message (default 10000)
  config: librdkafka properties (SASL settings go here)

Prints one JSON line: {"samples": [[elapsed_ms, acked_value_bytes_so_far], ...] (about every
50 ms), "errors": [...], "throttleEvents": n (stats callbacks that saw a throttle time > 0)}.
"""
import json
import sys
import time

from confluent_kafka import Producer


def main():
    cfg = json.loads(sys.argv[1])
    size = int(cfg.get("size", 10000))
    value = b"q" * size
    state = {"acked": 0, "errors": [], "throttled": 0}

    def on_delivery(err, msg):
        if err is None:
            state["acked"] += len(msg.value())
        elif len(state["errors"]) < 20:
            state["errors"].append(str(err))

    def on_stats(text):
        stats = json.loads(text)
        for b in stats.get("brokers", {}).values():
            if b.get("throttle", {}).get("max", 0) > 0:
                state["throttled"] += 1

    props = {
        "bootstrap.servers": cfg["bootstrap"],
        "linger.ms": 5,
        "batch.size": 65536,
        "queue.buffering.max.kbytes": 4096,
        "statistics.interval.ms": 1000,
        "stats_cb": on_stats,
    }
    props.update(cfg.get("config", {}))
    p = Producer(props)
    start = time.monotonic()
    end = start + float(cfg["seconds"])
    samples = []
    next_sample = start
    while True:
        now = time.monotonic()
        if now >= next_sample:
            samples.append([round((now - start) * 1000), state["acked"]])
            next_sample = now + 0.05
        if now >= end:
            break
        try:
            p.produce(cfg["topic"], value, on_delivery=on_delivery)
            p.poll(0)
        except BufferError:
            p.poll(0.02)
    p.flush(0)
    print(json.dumps({"samples": samples, "errors": state["errors"], "throttleEvents": state["throttled"]}))


if __name__ == "__main__":
    main()
