#!/usr/bin/env bash
# Builds wolfSSL's benchmark once, from Debian's source package of wolfssl, into a cache directory
# outside the repository, and prints the path of the benchmark binary on the last line of stdout.
#   build-wolfssl.sh [VERSION]      VERSION defaults to 5.9.2 (the peer of record)
# Environment: MCX_KMS_CACHE (default ~/.cache/mcx-kms), WOLFSSL_DEB_VERSION (a full Debian version,
# e.g. 5.9.2-1.2, when several source versions are known to apt).
# Nothing of wolfSSL is kept in the repository: the source is fetched with apt-get at run time.
set -euo pipefail
VER="${1:-5.9.2}"
CACHE="${MCX_KMS_CACHE:-$HOME/.cache/mcx-kms}"
DIR="$CACHE/wolfssl-$VER"
BIN="$DIR/src/wolfcrypt/benchmark/benchmark"
CONFIG_FLAGS=(--enable-eccsi --enable-sakke --enable-sp=yes,1024 --enable-sp-asm
              --enable-static --disable-shared)

if [ -x "$BIN" ] && [ -f "$DIR/.built" ] && [ "$(cat "$DIR/.built")" = "${CONFIG_FLAGS[*]}" ]; then
  echo "$BIN"; exit 0
fi

log() { echo "wolfssl-peer: $*" >&2; }
mkdir -p "$DIR/fetch"
cd "$DIR/fetch"

# Pick the Debian source version: the one given, else the newest apt knows whose upstream part is VER.
DEBVER="${WOLFSSL_DEB_VERSION:-}"
if [ -z "$DEBVER" ]; then
  if ! DEBVER="$(apt-cache showsrc wolfssl 2>/dev/null | awk '/^Version:/{print $2}' \
                  | grep -E "^([0-9]+:)?${VER//./\\.}-" | sort -V | tail -1)" || [ -z "$DEBVER" ]; then
    log "apt knows no source package of wolfssl $VER."
    log "available: $(apt-cache showsrc wolfssl 2>/dev/null | awk '/^Version:/{printf "%s ", $2}')"
    log "enable a deb-src line for a suite that carries it (e.g. 'Types: deb-src' ... 'Suites: sid'"
    log "in /etc/apt/sources.list.d/), run apt-get update, or pass another VERSION."
    exit 2
  fi
fi
log "Debian source package wolfssl=$DEBVER"

ORIG="wolfssl_${VER}.orig.tar.gz"
if ! ls wolfssl_"${VER}".orig.tar.* >/dev/null 2>&1; then
  # apt-get source unpacks with dpkg-source when the .dsc is reachable. Some mirrors serve the
  # upstream tarball but not (yet) the Debian .dsc/.debian.tar of the newest revision: the upstream
  # tarball is all the benchmark needs (the Debian part only packages it), so a failed unpack is
  # tolerated as long as that tarball arrived.
  apt-get source --download-only "wolfssl=$DEBVER" >&2 || log "apt-get source incomplete, using the upstream tarball"
fi
ORIG="$(ls wolfssl_"${VER}".orig.tar.* 2>/dev/null | head -1 || true)"
ORIG="${ORIG:+$DIR/fetch/$ORIG}"
[ -n "$ORIG" ] || { log "no upstream tarball of wolfssl $VER was fetched"; exit 2; }

cd "$DIR"
for tool in autoreconf libtoolize make gcc; do
  command -v "$tool" >/dev/null || { log "$tool missing: apt-get install autoconf automake libtool make gcc"; exit 2; }
done
if [ ! -f "$DIR/src/Makefile" ] || [ "$(cat "$DIR/.configured" 2>/dev/null)" != "${CONFIG_FLAGS[*]}" ]; then
  rm -rf "$DIR/src" "$DIR/.configured" && mkdir -p "$DIR/src"
  tar xf "$ORIG" -C "$DIR/src" --strip-components=1
  cd "$DIR/src"
  [ -x ./configure ] || { log "autogen.sh"; ./autogen.sh >"$DIR/autogen.log" 2>&1; }
  log "configure ${CONFIG_FLAGS[*]}"
  ./configure "${CONFIG_FLAGS[@]}" >"$DIR/configure.log" 2>&1 \
    || { log "configure failed, see $DIR/configure.log"; exit 2; }
  echo "${CONFIG_FLAGS[*]}" >"$DIR/.configured"
fi
cd "$DIR/src"
# Only the library and its benchmark: the full tree (tests, examples) takes several times longer.
log "make wolfcrypt/benchmark/benchmark (a few minutes on 2 cores)"
make -j"$(nproc)" wolfcrypt/benchmark/benchmark >"$DIR/make.log" 2>&1 \
  || { log "make failed, see $DIR/make.log"; exit 2; }
[ -x "$BIN" ] || { log "no benchmark binary at $BIN"; exit 2; }
echo "${CONFIG_FLAGS[*]}" >"$DIR/.built"
echo "$BIN"
