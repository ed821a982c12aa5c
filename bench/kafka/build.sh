#!/usr/bin/env bash
# build.sh: compiles the benchmark's native tools into .cache/ (idempotent, quiet when current).
#   .cache/loadgen     bench/kafka/loadgen.c against Debian's librdkafka (librdkafka-dev, 2.0.x)
#   .cache/bench-mock  bench/kafka/mock-broker.c against the static librdkafka 2.15.1 that
#                      scripts/setup-system.sh builds into .cache/librdkafka-2.15.1
# BENCH_BIN_DIR (default .cache) puts the two binaries elsewhere, e.g. to try a changed tool from a
# second worktree without replacing the one a shared .cache holds.
# Run `bash scripts/setup-system.sh` first (npm run bench does, via prebench).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.cache"
RDK_NEW="$CACHE/librdkafka-2.15.1"
OUT="${BENCH_BIN_DIR:-$CACHE}"
LINK_NEW=(-lssl -lcrypto -lzstd -lz -lpthread -lm -ldl -lrt)

die() { printf 'bench/kafka/build.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# build OUT SRC DEP ARGS...: compiles SRC when OUT is missing or older than SRC or DEP
# (the library it links); atomic rename.
build() {
  local out="$1" src="$2" dep="$3"; shift 3
  if [ -x "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$dep" ]; then return 0; fi
  printf 'bench/kafka/build.sh: building %s\n' "${out#"$ROOT"/}"
  gcc -O2 -Wall -Wextra -o "$out.tmp.$$" "$src" "$@" || die "compiling $src failed"
  mv -f "$out.tmp.$$" "$out"
}

mkdir -p "$CACHE" "$OUT"
# Wait for a setup-system.sh that may be building librdkafka right now.
flock "$CACHE/setup.lock" true
exec 9>"$CACHE/bench-build.lock"
flock 9
pkg-config --exists rdkafka || die "librdkafka-dev missing: run bash scripts/setup-system.sh"
build "$OUT/loadgen" "$ROOT/bench/kafka/loadgen.c" "$ROOT/bench/kafka/build.sh" -lrdkafka
[ -f "$RDK_NEW/.build-complete" ] || die "librdkafka 2.15.1 not built in $RDK_NEW: run bash scripts/setup-system.sh"
build "$OUT/bench-mock" "$ROOT/bench/kafka/mock-broker.c" "$RDK_NEW/.build-complete" -isystem "$RDK_NEW/include" "$RDK_NEW/src/librdkafka.a" "${LINK_NEW[@]}"
