/**
 * The start of a BENCHMARKS.md that does not exist yet: the intro (hand-maintained in the file
 * itself; this copy only starts a missing file) and every suite's empty generated section.
 */
import { markers } from './sections.js';

/** The intro of BENCHMARKS.md (hand-maintained in the file; this copy starts a missing file). */
export const INTRO = `\`npm run bench\` runs everything below that is generated: one command, about 12 minutes on a
2-core machine (setup and build included). \`BENCH_ONLY\` picks suites (comma list of kafka, acl,
fluss, http, scaling, many; default all), e.g. \`BENCH_ONLY=fluss,http npm run bench\`; each suite rewrites only its
own generated section. Sections outside the generated markers are written by hand. Settings, all
optional environment variables: \`BENCH_ROUNDS\` (5, every suite), \`BENCH_TARGETS\`
(Kafka suite: comma list of direct, gateway-plain, gateway-tls, haproxy-tls; default all), \`BENCH_MESSAGES\`
(500000) and \`BENCH_STEP_MS\` (3000: whichever ends a throughput step first), \`BENCH_SIZE\` (1024; also the
Fluss record size), \`BENCH_ACKS\` (all), \`BENCH_LINGER_MS\` (5), \`BENCH_CONSUME_MESSAGES\` (500000; 0 skips consume),
\`BENCH_LATENCY_MESSAGES\` (2000), \`BENCH_LATENCY_WARMUP\` (8000, not counted), \`BENCH_BROKERS\` (1), \`BENCH_PARTITIONS\` (4),
\`BENCH_HAPROXY_THREADS\` (1: equal to the gateway's one worker; Kafka TLS target), \`BENCH_PROFILE\` (auto: profile the gateway when a goal is
missed; always; never); \`BENCH_ACL_ENTRIES\` (10000: size of the ACL store of the acl and Fluss
"ACLs on" targets), \`BENCH_ACL_ROUNDS\` (8); Fluss: \`BENCH_FLUSS_STEP_MS\` (2000), \`BENCH_FLUSS_RECORDS\` (100 per batch),
\`BENCH_FLUSS_INFLIGHT\` (4), \`BENCH_FLUSS_BUCKETS\` (4), \`BENCH_FLUSS_TABLETS\` (1),
\`BENCH_FLUSS_LATENCY\` (300); HTTP: \`BENCH_HTTP_STEP_MS\` (2000), \`BENCH_HTTP_CONCURRENCY\` (16),
\`BENCH_HTTP_LATENCY\` (500), \`BENCH_HTTP_HAPROXY_THREADS\` (1: haproxy's nbthread in the HTTP suite, equal to the gateway's one worker); \`BENCH_START_TIMEOUT_MS\` (90000 for the gateway, 20000 for the Fluss test cluster: how long each may take to start; raise it on a heavily loaded machine). Many connections: \`BENCH_MANY_CLIENTS\` (1000), \`BENCH_MANY_RATE\` (10 requests/s per client), \`BENCH_MANY_SIZE\` (1024), \`BENCH_MANY_STEP_MS\` (5000), \`BENCH_MANY_ROUNDS\` (2). The Kafka, Fluss, HTTP and many-connections suites write plots beside this file (\`BENCHMARKS-<suite>-*.svg\`: throughput per target per round, latency CDFs). The native tools are built by \`bench/kafka/build.sh\` into \`.cache/\` (or \`BENCH_BIN_DIR\`).`;

const section = (id: string): string => `${markers(id).begin}\n${markers(id).end}`;

export const SKELETON = `# streamward benchmarks

${INTRO}

${section('kafka-bench')}

${section('acl-bench')}

## Fluss

${section('fluss-bench')}

## HTTP

${section('http-bench')}

${section('scaling-bench')}

${section('many-bench')}

## ACL evaluation

_Reserved: ACL decision benchmarks (decisions per second, index size effects) go here._
`;
