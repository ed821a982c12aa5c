/*
 * bench-mock: the benchmark's Kafka backend, librdkafka's in-process mock cluster with
 * one extra ability the test helper does not need: advertising a different address.
 *
 * Usage: bench-mock [--brokers N] [--topic name:partitions]... [--advertise ID=HOST:PORT]...
 *
 * Prints "BOOTSTRAP host:port,..." with the brokers' REAL listening addresses, then applies
 * every --advertise (rd_kafka_mock_broker_set_host_port: Metadata and FindCoordinator now
 * name HOST:PORT for that broker while it keeps listening where it was). That lets a
 * protocol-unaware TCP proxy (haproxy) sit in front of the broker: clients bootstrap through
 * the proxy and the broker itself tells them to keep using the proxy.
 * Serves until stdin reaches EOF or SIGTERM/SIGINT, then exits 0.
 *
 * Needs librdkafka >= 2.5 (set_host_port); bench/build.sh links the static 2.15.1 library
 * that scripts/setup-system.sh builds into .cache/.
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

#define MAX_ITEMS 64

struct topic_arg { char name[250]; int partitions; };
struct advertise_arg { int id; char host[256]; int port; };

static volatile sig_atomic_t stopping = 0;
static void on_signal(int sig) { (void)sig; stopping = 1; }

static void fail(const char *why) {
        fprintf(stderr, "bench-mock: %s\nusage: bench-mock [--brokers N] "
                        "[--topic name:partitions]... [--advertise ID=HOST:PORT]...\n", why);
        exit(2);
}

static int to_int(const char *s, int min, int max, const char *why) {
        char *end = NULL;
        long v    = strtol(s, &end, 10);
        if (!end || *end || v < min || v > max)
                fail(why);
        return (int)v;
}

/* "name:partitions", split at the last ':'. */
static void parse_topic(const char *s, struct topic_arg *t) {
        const char *c = strrchr(s, ':');
        if (!c || c == s || (size_t)(c - s) >= sizeof(t->name))
                fail("--topic expects name:partitions");
        memcpy(t->name, s, (size_t)(c - s));
        t->name[c - s] = '\0';
        t->partitions  = to_int(c + 1, 1, 10000, "bad partition count");
}

/* "ID=HOST:PORT", host split at the last ':'. */
static void parse_advertise(const char *s, struct advertise_arg *a) {
        char buf[300];
        char *eq, *colon;
        if (strlen(s) >= sizeof(buf))
                fail("--advertise too long");
        strcpy(buf, s);
        eq    = strchr(buf, '=');
        colon = strrchr(buf, ':');
        if (!eq || !colon || colon < eq || colon == eq + 1)
                fail("--advertise expects ID=HOST:PORT");
        *eq = *colon = '\0';
        a->id        = to_int(buf, 1, 32, "bad broker id");
        snprintf(a->host, sizeof(a->host), "%s", eq + 1);
        a->port = to_int(colon + 1, 1, 65535, "bad port");
}

static void wait_for_stop(void) {
        char buf[256];
        while (!stopping) {
                struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
                int r             = poll(&pfd, 1, 500);
                if (r < 0 && errno != EINTR)
                        return;
                if (r > 0) {
                        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
                        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                                return;
                }
        }
}

int main(int argc, char **argv) {
        struct topic_arg topics[MAX_ITEMS];
        struct advertise_arg ads[MAX_ITEMS];
        int ntopics = 0, nads = 0, brokers = 1, i;
        char errstr[512];
        struct sigaction sa;
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mc;

        for (i = 1; i < argc; i += 2) {
                const char *flag = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
                if (!v)
                        fail("missing value");
                if (!strcmp(flag, "--brokers"))
                        brokers = to_int(v, 1, 32, "bad --brokers");
                else if (!strcmp(flag, "--topic") && ntopics < MAX_ITEMS)
                        parse_topic(v, &topics[ntopics++]);
                else if (!strcmp(flag, "--advertise") && nads < MAX_ITEMS)
                        parse_advertise(v, &ads[nads++]);
                else
                        fail("unknown flag or too many values");
        }

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)))
                fail(errstr);
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk)
                fail(errstr);
        mc = rd_kafka_mock_cluster_new(rk, brokers);
        if (!mc)
                fail("rd_kafka_mock_cluster_new failed");
        for (i = 0; i < ntopics; i++) {
                rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
                    mc, topics[i].name, topics[i].partitions, brokers < 3 ? brokers : 3);
                if (err)
                        fail(rd_kafka_err2str(err));
        }
        /* The real addresses first: the bootstrap string follows the advertised ones. */
        printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));
        fflush(stdout);
        for (i = 0; i < nads; i++) {
                if (ads[i].id > brokers)
                        fail("--advertise names a broker that does not exist");
                rd_kafka_mock_broker_set_host_port(mc, ads[i].id, ads[i].host, ads[i].port);
        }

        wait_for_stop();
        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(rk);
        return 0;
}
