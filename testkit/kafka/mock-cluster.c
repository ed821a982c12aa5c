/*
 * mock-cluster: runs librdkafka's in-process mock Kafka cluster as a standalone
 * test backend for streamward.
 *
 * Usage: mock-cluster [--brokers N] [--topic name:partitions]... [--rebalance-delay-ms MS]
 *                     [--debug]
 *
 * Prints exactly one line "BOOTSTRAP host:port,host:port,..." on stdout (broker ids
 * 1..N in that order), then serves until stdin reaches EOF or SIGTERM/SIGINT arrives,
 * destroys the cluster and exits 0. Tying the lifetime to stdin means the mock dies
 * with the test process that spawned it even when that process is killed.
 *
 * Built twice by scripts/setup-system.sh: against Debian's librdkafka 2.0.2 (old
 * protocol versions only) and against a newer static librdkafka (flexible versions).
 *
 * Topic facts (both versions): Metadata with AllowAutoTopicCreation (always true
 * below Metadata v4) auto-creates unknown topics with 4 partitions and replication
 * factor min(3, N). Produce/Fetch to unknown topics fail with UNKNOWN_TOPIC_OR_PART.
 * There is no CreateTopics handler, hence --topic to pre-create with a chosen count.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_TOPICS 64

struct topic_spec {
        char name[250];
        int partitions;
};

static volatile sig_atomic_t stop_requested = 0;

static void on_stop_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static void usage_exit(const char *why) {
        fprintf(stderr,
                "mock-cluster: %s\n"
                "usage: mock-cluster [--brokers N] [--topic name:partitions]... "
                "[--rebalance-delay-ms MS] [--debug]\n",
                why);
        exit(2);
}

static int parse_int(const char *s, int min, int max, const char *what) {
        char *end = NULL;
        long v;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno || !end || *end || v < min || v > max)
                usage_exit(what);
        return (int)v;
}

/* Splits "name:partitions" at the last ':' (topic names cannot contain ':'). */
static void parse_topic(const char *arg, struct topic_spec *out) {
        const char *colon = strrchr(arg, ':');
        size_t len;
        if (!colon || colon == arg)
                usage_exit("--topic expects name:partitions");
        len = (size_t)(colon - arg);
        if (len >= sizeof(out->name))
                usage_exit("topic name too long");
        memcpy(out->name, arg, len);
        out->name[len]  = '\0';
        out->partitions = parse_int(colon + 1, 1, 10000, "bad partition count");
}

static rd_kafka_t *new_host_handle(int debug) {
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        /* The host handle only carries the mock's threads and logger. */
        if (rd_kafka_conf_set(conf, "log_level", debug ? "7" : "3", errstr,
                              sizeof(errstr)) != RD_KAFKA_CONF_OK ||
            (debug && rd_kafka_conf_set(conf, "debug", "mock", errstr,
                                        sizeof(errstr)) != RD_KAFKA_CONF_OK)) {
                fprintf(stderr, "mock-cluster: conf: %s\n", errstr);
                exit(1);
        }
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "mock-cluster: rd_kafka_new: %s\n", errstr);
                exit(1);
        }
        return rk;
}

static void install_signal_handlers(void) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_stop_signal; /* no SA_RESTART: poll() returns EINTR */
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
}

/* Blocks until stdin hits EOF/error or a stop signal arrives; input is discarded. */
static void wait_for_stop(void) {
        char buf[256];
        while (!stop_requested) {
                struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
                int r             = poll(&pfd, 1, 500);
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        return;
                }
                if (r == 0)
                        continue;
                if (pfd.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
                        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
                        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                                return;
                }
        }
}

int main(int argc, char **argv) {
        struct topic_spec topics[MAX_TOPICS];
        int topic_cnt = 0, brokers = 3, debug = 0, rebalance_delay_ms = -1, i;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mcluster;

        for (i = 1; i < argc; i++) {
                const char *a    = argv[i];
                const char *next = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(a, "--debug")) {
                        debug = 1;
                } else if (!next) {
                        usage_exit("missing value or unknown flag");
                } else if (!strcmp(a, "--brokers")) {
                        brokers = parse_int(next, 1, 32, "bad --brokers");
                        i++;
                } else if (!strcmp(a, "--topic")) {
                        if (topic_cnt == MAX_TOPICS)
                                usage_exit("too many --topic");
                        parse_topic(next, &topics[topic_cnt++]);
                        i++;
                } else if (!strcmp(a, "--rebalance-delay-ms")) {
                        rebalance_delay_ms =
                            parse_int(next, 0, 600000, "bad --rebalance-delay-ms");
                        i++;
                } else {
                        usage_exit("unknown flag");
                }
        }

        install_signal_handlers();
        rk       = new_host_handle(debug);
        mcluster = rd_kafka_mock_cluster_new(rk, brokers);
        if (!mcluster) {
                fprintf(stderr, "mock-cluster: rd_kafka_mock_cluster_new failed\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (i = 0; i < topic_cnt; i++) {
                rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
                    mcluster, topics[i].name, topics[i].partitions,
                    brokers < 3 ? brokers : 3);
                if (err) {
                        fprintf(stderr, "mock-cluster: topic %s: %s\n",
                                topics[i].name, rd_kafka_err2str(err));
                        rd_kafka_mock_cluster_destroy(mcluster);
                        rd_kafka_destroy(rk);
                        return 1;
                }
        }

        if (rebalance_delay_ms >= 0) {
#if RD_KAFKA_VERSION >= 0x020600ff
                rd_kafka_mock_group_initial_rebalance_delay_ms(mcluster,
                                                               rebalance_delay_ms);
#else
                /* 2.0.x hard-codes a 3000 ms first-join delay. */
                fprintf(stderr, "mock-cluster: --rebalance-delay-ms ignored by "
                                "librdkafka %s\n",
                        rd_kafka_version_str());
#endif
        }

        printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
        fflush(stdout);

        wait_for_stop();

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
