#!/usr/bin/env bash
# setup-system.sh: makes the machine ready for streamward's tests, demo and bench.
#
#  1. Installs the Debian packages the real-client tests need (kcat, librdkafka-dev, etcd-server,
#     python3-confluent-kafka, haproxy, a C toolchain and compression/TLS headers, and the MIT
#     Kerberos KDC/clients, Cyrus SASL GSSAPI and python3-gssapi for the GSSAPI tests).
#     `apt-get update` runs once, and only when something is missing.
#  2. Builds the librdkafka mock-cluster test backend twice into .cache/:
#       .cache/mock-cluster-2.0  linked against Debian's librdkafka 2.0.2 (old versions)
#       .cache/mock-cluster-new  linked against a newer static librdkafka built from the
#                                source shipped in the npm package
#                                @confluentinc/kafka-javascript (fetched with `npm pack`,
#                                never installed, never added to package.json).
#     The newer library stays available to other native test/bench tools as
#       .cache/librdkafka-2.15.1/src/librdkafka.a and .cache/librdkafka-2.15.1/include/librdkafka/
#     (link with -lssl -lcrypto -lzstd -lz -lpthread -lm -ldl -lrt). Holders of
#     .cache/setup.lock (flock) see either no library or a complete one.
#
# Idempotent and silent when everything is present; prints one line per thing it
# installs or builds. Needs no stdin. Safe to run concurrently (serialised by flock).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
MOCK_SRC="$ROOT/testkit/kafka/mock-cluster.c"

# Pinned source of the newer librdkafka (the npm package vendors it in deps/librdkafka).
KJS_PACKAGE="@confluentinc/kafka-javascript"
KJS_VERSION="1.10.1"
RDKAFKA_NEW_VERSION="2.15.1"
RDKAFKA_NEW_DIR="$CACHE/librdkafka-$RDKAFKA_NEW_VERSION"

# Kerberos (GSSAPI tests and the gateway's GSSAPI listener): an MIT KDC and its admin tools for the
# test realm, kinit for librdkafka's keytab login, Cyrus SASL's GSSAPI plugin (librdkafka/kcat
# use it), and python3-gssapi for the gateway's GSS-API acceptor helper.
APT_PACKAGES=(kcat librdkafka-dev python3-confluent-kafka haproxy build-essential pkg-config
  libssl-dev zlib1g-dev libzstd-dev liblz4-dev curl etcd-server
  krb5-kdc krb5-admin-server krb5-user libsasl2-modules-gssapi-mit python3-gssapi)
# Libraries the static librdkafka needs at link time (configure enables ssl, zlib, zstd).
NEW_LINK_LIBS=(-lssl -lcrypto -lzstd -lz -lpthread -lm -ldl -lrt)

say() { printf 'setup-system: %s\n' "$*"; }
die() { printf 'setup-system: ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command quietly, logging to $1; on failure shows the log tail and exits.
run_logged() {
  local log="$1"; shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "failed: $* (full log: $log)"
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else die "need root (or passwordless sudo) to run: $*"
  fi
}

install_missing_packages() {
  local missing=() pkg status
  for pkg in "${APT_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [ "$status" = "installed" ] || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  mkdir -p "$CACHE/logs"
  export DEBIAN_FRONTEND=noninteractive
  run_logged "$CACHE/logs/apt-update.log" as_root apt-get update
  for pkg in "${missing[@]}"; do say "installing Debian package $pkg"; done
  run_logged "$CACHE/logs/apt-install.log" \
    as_root apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
}

# Builds $1 from $MOCK_SRC with the remaining args; atomic (temp file + rename).
link_mock() {
  local out="$1"; shift
  mkdir -p "$CACHE/logs"
  run_logged "$CACHE/logs/$(basename "$out").log" \
    gcc -O2 -Wall -o "$out.tmp.$$" "$MOCK_SRC" "$@"
  mv -f "$out.tmp.$$" "$out"
}

build_mock_old() {
  local out="$CACHE/mock-cluster-2.0"
  if [ -x "$out" ] && [ "$out" -nt "$MOCK_SRC" ]; then return 0; fi
  say "building .cache/mock-cluster-2.0 (Debian librdkafka $(pkg-config --modversion rdkafka 2>/dev/null || echo 2.0.x))"
  link_mock "$out" -lrdkafka
}

# Fetches and compiles the newer librdkafka into $RDKAFKA_NEW_DIR/src/librdkafka.a.
build_rdkafka_new() {
  # The stamp is written last, so an interrupted build is redone from scratch.
  [ -f "$RDKAFKA_NEW_DIR/.build-complete" ] && return 0
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch $KJS_PACKAGE"
  local started=$SECONDS dl="$CACHE/download" tgz
  tgz="$dl/confluentinc-kafka-javascript-$KJS_VERSION.tgz"
  mkdir -p "$dl" "$CACHE/logs"
  if [ ! -f "$tgz" ]; then
    say "fetching $KJS_PACKAGE@$KJS_VERSION (npm pack) for librdkafka $RDKAFKA_NEW_VERSION source"
    (cd "$dl" && run_logged "$CACHE/logs/npm-pack.log" \
      npm pack --silent --pack-destination "$dl" "$KJS_PACKAGE@$KJS_VERSION")
    [ -f "$tgz" ] || die "npm pack did not produce $tgz"
  fi
  say "building librdkafka $RDKAFKA_NEW_VERSION static library (about 1-2 minutes on 2 cores)"
  rm -rf "$RDKAFKA_NEW_DIR"
  mkdir -p "$RDKAFKA_NEW_DIR"
  tar -xzf "$tgz" -C "$RDKAFKA_NEW_DIR" --strip-components=3 package/deps/librdkafka
  grep -q "RD_KAFKA_VERSION  *0x020f01ff" "$RDKAFKA_NEW_DIR/src/rdkafka.h" \
    || die "unexpected librdkafka version inside $KJS_PACKAGE@$KJS_VERSION"
  # --no-download: never fetch mklove modules; libcurl/GSSAPI are not needed by the mock.
  (cd "$RDKAFKA_NEW_DIR" && run_logged "$CACHE/logs/rdkafka-configure.log" \
    ./configure --no-download --disable-lz4-ext --disable-curl --disable-gssapi --disable-syslog)
  run_logged "$CACHE/logs/rdkafka-make.log" make -C "$RDKAFKA_NEW_DIR/src" -j2 librdkafka.a
  # Only the archive is needed from here on; drop objects and the duplicate debug archive.
  find "$RDKAFKA_NEW_DIR/src" \( -name '*.o' -o -name '*.d' \) -delete
  rm -f "$RDKAFKA_NEW_DIR/src/librdkafka-dbg.a"
  # Headers under a librdkafka/ prefix so mock-cluster.c includes them unchanged.
  mkdir -p "$RDKAFKA_NEW_DIR/include/librdkafka"
  cp "$RDKAFKA_NEW_DIR/src/rdkafka.h" "$RDKAFKA_NEW_DIR/src/rdkafka_mock.h" \
    "$RDKAFKA_NEW_DIR/include/librdkafka/"
  touch "$RDKAFKA_NEW_DIR/.build-complete"
  say "built librdkafka $RDKAFKA_NEW_VERSION in $((SECONDS - started)) s"
}

build_mock_new() {
  local out="$CACHE/mock-cluster-new" lib="$RDKAFKA_NEW_DIR/src/librdkafka.a"
  build_rdkafka_new
  if [ -x "$out" ] && [ "$out" -nt "$MOCK_SRC" ] && [ "$out" -nt "$lib" ]; then return 0; fi
  say "building .cache/mock-cluster-new (static librdkafka $RDKAFKA_NEW_VERSION)"
  link_mock "$out" -I"$RDKAFKA_NEW_DIR/include" "$lib" "${NEW_LINK_LIBS[@]}"
}

main() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/setup.lock"
  flock 9
  install_missing_packages
  build_mock_old
  build_mock_new
}

main "$@"
