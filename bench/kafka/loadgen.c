/*
 * loadgen: streamward's native Kafka load tool (librdkafka, C). Used by bench/run.ts.
 *
 * Usage: loadgen -b BOOTSTRAP -t TOPIC [-m throughput|latency|consume] [-n COUNT]
 *                [-s BYTES] [-a ACKS] [-l LINGER_MS] [-w WARMUP] [-T TIMEOUT_S]
 *                [-D MAX_MS] [-X key=value]...
 *
 * Modes (one JSON line on stdout, errors on stderr, exit 0 only on full success; the
 * throughput modes also print "MARK start" / "MARK end" around the timed part):
 *   throughput  produce COUNT messages of BYTES as fast as the producer queue allows;
 *               rate measured from the first produce call to the last delivery report.
 *   latency     produce one message at a time and wait for its delivery report;
 *               p50/p90/p99/max/mean of send->report time in microseconds, and "cdf_us":
 *               the sorted samples thinned to at most 2000 evenly spaced ranks (first and
 *               last kept; every sample when COUNT <= 2000), for a latency CDF plot.
 *   consume     read COUNT messages by assigning every partition (no group join) at its
 *               low watermark, in passes over what the broker retains; rate measured
 *               from the first assign call to the COUNT-th message.
 *
 * -D caps the timed part of the throughput modes: no new message is sent (or read) once
 * MAX_MS have passed, and the figures cover the messages that were (the producer queue is
 * kept at 32 MB so sends follow deliveries closely). The JSON says how many that was.
 *
 * Every mode first does WARMUP round trips (metadata, connections, TLS handshakes, one
 * delivered message per partition leader for produce modes) so that setup is not timed.
 * -X passes any librdkafka property (e.g. security.protocol=ssl, ssl.ca.location=...).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#define MAX_X 64

struct options {
        const char *bootstrap, *topic, *mode, *acks;
        long count, size, warmup, timeout_s, max_ms; /* max_ms 0 = no cap */
        int linger_ms; /* -1 = mode default */
        const char *xkeys[MAX_X], *xvals[MAX_X];
        int xcnt;
};

/* Delivery bookkeeping shared with the delivery-report callback. */
struct delivery {
        long delivered, failed;
        int64_t last_us;    /* time of the latest report */
        rd_kafka_resp_err_t first_err;
};

static int64_t now_us(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* "MARK start" / "MARK end" lines bracket the timed part for whoever watches stdout. */
static void mark(const char *what) {
        printf("MARK %s\n", what);
        fflush(stdout);
}

static void die(const char *what, const char *detail) {
        fprintf(stderr, "loadgen: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
        exit(1);
}

static void usage(const char *why) {
        fprintf(stderr,
                "loadgen: %s\nusage: loadgen -b BOOTSTRAP -t TOPIC [-m throughput|latency|consume] "
                "[-n COUNT] [-s BYTES] [-a ACKS] [-l LINGER_MS] [-w WARMUP] [-T TIMEOUT_S] "
                "[-D MAX_MS] [-X key=value]...\n",
                why);
        exit(2);
}

static long parse_long(const char *s, long min, long max, const char *what) {
        char *end = NULL;
        long v    = strtol(s, &end, 10);
        if (!end || *end || v < min || v > max)
                usage(what);
        return v;
}

static void parse_args(int argc, char **argv, struct options *o) {
        int i;
        memset(o, 0, sizeof(*o));
        o->mode = "throughput", o->acks = "all";
        o->count = 100000, o->size = 1024, o->warmup = 100, o->timeout_s = 120, o->max_ms = 0;
        o->linger_ms = -1;
        for (i = 1; i < argc; i++) {
                const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (strlen(a) != 2 || a[0] != '-' || !v)
                        usage("unknown flag or missing value");
                i++;
                switch (a[1]) {
                case 'b': o->bootstrap = v; break;
                case 't': o->topic = v; break;
                case 'm': o->mode = v; break;
                case 'a': o->acks = v; break;
                case 'n': o->count = parse_long(v, 1, 100000000, "bad -n"); break;
                case 's': o->size = parse_long(v, 0, 10000000, "bad -s"); break;
                case 'w': o->warmup = parse_long(v, 0, 1000000, "bad -w"); break;
                case 'T': o->timeout_s = parse_long(v, 1, 86400, "bad -T"); break;
                case 'D': o->max_ms = parse_long(v, 0, 86400000, "bad -D"); break;
                case 'l': o->linger_ms = (int)parse_long(v, 0, 60000, "bad -l"); break;
                case 'X': {
                        char *eq = strchr(v, '=');
                        if (!eq || eq == v || o->xcnt == MAX_X)
                                usage("-X expects key=value");
                        *eq               = '\0';
                        o->xkeys[o->xcnt] = v;
                        o->xvals[o->xcnt++] = eq + 1;
                        break;
                }
                default: usage("unknown flag");
                }
        }
        if (!o->bootstrap || !o->topic)
                usage("-b and -t are required");
        if (strcmp(o->mode, "throughput") && strcmp(o->mode, "latency") &&
            strcmp(o->mode, "consume"))
                usage("bad -m");
}

static void set_conf(rd_kafka_conf_t *conf, const char *k, const char *v) {
        char errstr[512];
        if (rd_kafka_conf_set(conf, k, v, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK)
                die(k, errstr);
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
        struct delivery *d = opaque;
        (void)rk;
        d->last_us = now_us();
        if (m->err) {
                if (!d->failed)
                        d->first_err = m->err;
                d->failed++;
        } else {
                d->delivered++;
        }
}

/* Builds a handle; the caller's -X properties are applied last so they win. */
static rd_kafka_t *new_handle(const struct options *o, rd_kafka_type_t type,
                              struct delivery *d) {
        char errstr[512], linger[16];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        int i;
        set_conf(conf, "bootstrap.servers", o->bootstrap);
        set_conf(conf, "log_level", "3");
        /* TCP_NODELAY like the Java client: with Nagle on, librdkafka's TLS writes of one
         * request leave as several segments and the tail waits for a delayed ACK (~40 ms). */
        set_conf(conf, "socket.nagle.disable", "true");
        if (type == RD_KAFKA_PRODUCER) {
                int lat = !strcmp(o->mode, "latency");
                snprintf(linger, sizeof(linger), "%d",
                         o->linger_ms >= 0 ? o->linger_ms : lat ? 0 : 5);
                set_conf(conf, "acks", o->acks);
                set_conf(conf, "linger.ms", linger);
                set_conf(conf, "queue.buffering.max.kbytes", "32768");
                set_conf(conf, "queue.buffering.max.messages", "100000");
                rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
                rd_kafka_conf_set_opaque(conf, d);
        } else {
                set_conf(conf, "group.id", "streamward-bench");
                set_conf(conf, "enable.auto.commit", "false");
                set_conf(conf, "enable.partition.eof", "false");
                set_conf(conf, "fetch.max.bytes", "52428800");
                /* Passes end at the high watermark: don't let the broker park the last fetch. */
                set_conf(conf, "fetch.wait.max.ms", "5");
                set_conf(conf, "fetch.error.backoff.ms", "0");
        }
        for (i = 0; i < o->xcnt; i++)
                set_conf(conf, o->xkeys[i], o->xvals[i]);
        rk = rd_kafka_new(type, conf, errstr, sizeof(errstr));
        if (!rk)
                die("rd_kafka_new", errstr);
        return rk;
}

/* Returns the topic's partition count (metadata round trip; also opens connections). */
static int partition_count(rd_kafka_t *rk, const char *topic, long timeout_s) {
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
        int64_t deadline      = now_us() + timeout_s * 1000000;
        int n                 = 0;
        while (now_us() < deadline) {
                rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, 5000);
                if (!err && md->topic_cnt == 1 && !md->topics[0].err &&
                    md->topics[0].partition_cnt > 0) {
                        n = md->topics[0].partition_cnt;
                        rd_kafka_metadata_destroy(md);
                        break;
                }
                if (!err)
                        rd_kafka_metadata_destroy(md);
        }
        rd_kafka_topic_destroy(rkt);
        if (!n)
                die("metadata", "topic not available before the timeout");
        return n;
}

static void produce_one(rd_kafka_t *rk, const char *topic, int32_t partition, void *buf,
                        size_t len, void *msg_opaque) {
        for (;;) {
                rd_kafka_resp_err_t err = rd_kafka_producev(
                    rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                    RD_KAFKA_V_VALUE(buf, len), RD_KAFKA_V_OPAQUE(msg_opaque), RD_KAFKA_V_END);
                if (!err)
                        return;
                if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
                        die("produce", rd_kafka_err2str(err));
                rd_kafka_poll(rk, 1);
        }
}

/* Waits until `target` reports arrived; dies on timeout or any failed delivery. */
static void await_reports(rd_kafka_t *rk, struct delivery *d, long target, int64_t deadline) {
        while (d->delivered + d->failed < target) {
                if (now_us() > deadline)
                        die("timeout", "delivery reports missing");
                rd_kafka_poll(rk, 100);
        }
        if (d->failed)
                die("delivery failed", rd_kafka_err2str(d->first_err));
}

/* One delivered message per partition (per leader connection), then `warmup` more. */
static void warm_producer(rd_kafka_t *rk, const struct options *o, struct delivery *d,
                          char *buf, int64_t deadline) {
        int parts = partition_count(rk, o->topic, o->timeout_s), p;
        long i;
        for (p = 0; p < parts; p++)
                produce_one(rk, o->topic, p, buf, (size_t)o->size, NULL);
        for (i = 0; i < o->warmup; i++)
                produce_one(rk, o->topic, RD_KAFKA_PARTITION_UA, buf, (size_t)o->size, NULL);
        await_reports(rk, d, parts + o->warmup, deadline);
        d->delivered = d->failed = 0;
}

static void run_throughput(const struct options *o, char *buf) {
        struct delivery d = {0};
        rd_kafka_t *rk    = new_handle(o, RD_KAFKA_PRODUCER, &d);
        int64_t deadline  = now_us() + o->timeout_s * 1000000, t0, stop_at;
        long i;
        double secs, mb;
        warm_producer(rk, o, &d, buf, deadline);
        mark("start");
        t0      = now_us();
        stop_at = o->max_ms ? t0 + o->max_ms * 1000 : INT64_MAX;
        for (i = 0; i < o->count; i++) {
                produce_one(rk, o->topic, RD_KAFKA_PARTITION_UA, buf, (size_t)o->size, NULL);
                if ((i & 1023) == 0) {
                        rd_kafka_poll(rk, 0);
                        if (now_us() > stop_at) {
                                i++;
                                break;
                        }
                }
        }
        await_reports(rk, &d, i, deadline);
        mark("end");
        secs = (double)(d.last_us - t0) / 1e6;
        mb   = (double)i * (double)o->size / 1e6;
        printf("{\"mode\":\"throughput\",\"messages\":%ld,\"size\":%ld,\"acks\":\"%s\","
               "\"seconds\":%.6f,\"msgs_per_sec\":%.1f,\"mb_per_sec\":%.3f}\n",
               i, o->size, o->acks, secs, (double)i / secs, mb / secs);
        rd_kafka_destroy(rk);
}

static int cmp_i64(const void *a, const void *b) {
        int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
        return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static int64_t percentile(const int64_t *sorted, long n, double p) {
        long rank = (long)(p / 100.0 * (double)n + 0.999999);
        if (rank < 1)
                rank = 1;
        return sorted[(rank > n ? n : rank) - 1];
}

/* The sorted samples at at most `max` evenly spaced ranks (first and last kept), as a JSON array. */
static void print_cdf(const int64_t *sorted, long n, long max) {
        long m = n < max ? n : max, k;
        printf("[");
        for (k = 0; k < m; k++) {
                long idx = m == 1 ? n - 1
                                  : (long)((double)k * (double)(n - 1) / (double)(m - 1) + 0.5);
                printf("%s%" PRId64, k ? "," : "", sorted[idx]);
        }
        printf("]");
}

static void run_latency(const struct options *o, char *buf) {
        struct delivery d  = {0};
        rd_kafka_t *rk     = new_handle(o, RD_KAFKA_PRODUCER, &d);
        int64_t deadline   = now_us() + o->timeout_s * 1000000, sum = 0;
        int64_t *samples   = malloc(sizeof(int64_t) * (size_t)o->count);
        long i;
        if (!samples)
                die("malloc", NULL);
        warm_producer(rk, o, &d, buf, deadline);
        for (i = 0; i < o->count; i++) {
                int64_t t0 = now_us();
                produce_one(rk, o->topic, 0, buf, (size_t)o->size, NULL);
                await_reports(rk, &d, i + 1, deadline);
                samples[i] = d.last_us - t0;
                sum += samples[i];
        }
        qsort(samples, (size_t)o->count, sizeof(int64_t), cmp_i64);
        printf("{\"mode\":\"latency\",\"messages\":%ld,\"size\":%ld,\"acks\":\"%s\","
               "\"p50_us\":%" PRId64 ",\"p90_us\":%" PRId64 ",\"p99_us\":%" PRId64
               ",\"max_us\":%" PRId64 ",\"mean_us\":%.1f,\"cdf_us\":",
               o->count, o->size, o->acks, percentile(samples, o->count, 50),
               percentile(samples, o->count, 90), percentile(samples, o->count, 99),
               samples[o->count - 1], (double)sum / (double)o->count);
        print_cdf(samples, o->count, 2000);
        printf("}\n");
        free(samples);
        rd_kafka_destroy(rk);
}

/* Offsets [low, high) of every partition: what the broker still retains. */
static void watermarks(rd_kafka_t *rk, const struct options *o, int parts, int64_t *low,
                       int64_t *high) {
        int p;
        for (p = 0; p < parts; p++) {
                rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
                    rk, o->topic, p, &low[p], &high[p], (int)o->timeout_s * 1000);
                if (err)
                        die("watermarks", rd_kafka_err2str(err));
        }
}

/* Assigns every partition at its low watermark. */
static void assign_from(rd_kafka_t *rk, const char *topic, int parts, const int64_t *low) {
        rd_kafka_topic_partition_list_t *tp = rd_kafka_topic_partition_list_new(parts);
        rd_kafka_resp_err_t err;
        int p;
        for (p = 0; p < parts; p++)
                rd_kafka_topic_partition_list_add(tp, topic, p)->offset = low[p];
        err = rd_kafka_assign(rk, tp);
        rd_kafka_topic_partition_list_destroy(tp);
        if (err)
                die("assign", rd_kafka_err2str(err));
}

/*
 * Brokers keep a bounded log (librdkafka's mock: about 5 MiB per partition), so COUNT is
 * reached in passes: each pass assigns every partition at its low watermark and reads up to
 * its high watermark, then the next pass starts over.
 */
static void run_consume(const struct options *o) {
        rd_kafka_t *rk   = new_handle(o, RD_KAFKA_CONSUMER, NULL);
        int64_t deadline = now_us() + o->timeout_s * 1000000, t0, t_last = 0, retained = 0, stop_at;
        int parts        = partition_count(rk, o->topic, o->timeout_s), p, passes = 0;
        int64_t *low = calloc((size_t)parts, sizeof(int64_t)), *high = calloc((size_t)parts, sizeof(int64_t));
        long got = 0, bytes = 0;
        if (!low || !high)
                die("calloc", NULL);
        watermarks(rk, o, parts, low, high);
        for (p = 0; p < parts; p++)
                retained += high[p] - low[p];
        if (retained <= 0)
                die("consume", "the topic holds no messages");
        rd_kafka_poll_set_consumer(rk);
        mark("start");
        t0      = now_us();
        stop_at = o->max_ms ? t0 + o->max_ms * 1000 : INT64_MAX;
        while (got < o->count && t_last <= stop_at) {
                long pass_got = 0;
                assign_from(rk, o->topic, parts, low);
                passes++;
                while (pass_got < retained && got < o->count && t_last <= stop_at) {
                        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
                        if (now_us() > deadline)
                                die("timeout", "messages missing");
                        if (!m)
                                continue;
                        if (m->err)
                                die("consume", rd_kafka_message_errstr(m));
                        pass_got++, got++;
                        bytes += (long)m->len;
                        rd_kafka_message_destroy(m);
                        t_last = now_us();
                }
        }
        mark("end");
        printf("{\"mode\":\"consume\",\"messages\":%ld,\"bytes\":%ld,\"passes\":%d,"
               "\"seconds\":%.6f,\"msgs_per_sec\":%.1f,\"mb_per_sec\":%.3f}\n",
               got, bytes, passes, (double)(t_last - t0) / 1e6,
               (double)got * 1e6 / (double)(t_last - t0), (double)bytes / (double)(t_last - t0));
        free(low), free(high);
        rd_kafka_consumer_close(rk);
        rd_kafka_destroy(rk);
}

int main(int argc, char **argv) {
        struct options o;
        char *buf;
        parse_args(argc, argv, &o);
        if (!strcmp(o.mode, "consume")) {
                run_consume(&o);
                return 0;
        }
        buf = malloc((size_t)o.size + 1);
        if (!buf)
                die("malloc", NULL);
        for (long i = 0; i < o.size; i++)
                buf[i] = (char)('a' + i % 26);
        if (!strcmp(o.mode, "throughput"))
                run_throughput(&o, buf);
        else
                run_latency(&o, buf);
        free(buf);
        return 0;
}
