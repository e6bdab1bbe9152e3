#!/usr/bin/env bash
# Builds the base of the mcx-kms container image without a registry: a single-layer image in the
# `docker save` tar format that Jib reads as its base (from.image = tar://...). The layer holds
#   /opt/java        a Java runtime made by jlink from the build JDK, reduced to the modules the KMS uses
#   /lib*, /usr/lib* the shared libraries that runtime links against (found by ldd), and the loader
#   /etc             passwd/group with the unprivileged user 10001 (mcxkms), nsswitch.conf
#   /tmp             mode 1777, for the JVM and the database driver
#   /var/lib/mcx-kms the data directory, owned by 10001:10001 with mode 0700, so that a fresh volume
#                    mounted there (which starts as a copy of it) is already what the server demands
# Every entry gets mtime 0 and numeric owners, in name order: the same inputs give the same layer.
#
# Usage: runtime-base.sh JAVA_HOME OUTPUT_DIR MODULES
set -euo pipefail

JDK=$1
OUT=$2
MODULES=$3
UID_GID=10001

die() { echo "runtime-base.sh: $*" >&2; exit 1; }
for tool in ldd tar sha256sum; do command -v "$tool" >/dev/null 2>&1 || die "needs $tool"; done
[ -x "$JDK/bin/jlink" ] || die "$JDK/bin/jlink not found: build with a full JDK (Debian: openjdk-17-jdk-headless)"
[ -d "$JDK/jmods" ] || die "$JDK/jmods not found: jlink needs the JDK's jmods (Debian: openjdk-17-jdk-headless)"

ROOT="$OUT/rootfs"
rm -rf "$OUT"
mkdir -p "$ROOT"

# The Java runtime. --compress=0: the layer is gzipped as a whole, which packs better than zip
# inside the modules file. Debug attributes, headers and man pages are of no use in the image.
"$JDK/bin/jlink" --add-modules "$MODULES" --output "$ROOT/opt/java" \
  --strip-debug --no-header-files --no-man-pages --compress=0

# Trusted CAs for outgoing TLS (an https:// auth.jwks): the build machine's Java trust store, which
# Debian keeps outside the JDK (ca-certificates-java). A runtime without it trusts nothing.
CACERTS="$(readlink -f "$JDK/lib/security/cacerts" || true)"
if [ -f "$CACERTS" ]; then
  rm -f "$ROOT/opt/java/lib/security/cacerts"
  cp "$CACERTS" "$ROOT/opt/java/lib/security/cacerts"
fi

# Shared libraries: whatever the runtime's executables and libraries link against outside
# /opt/java, copied under their linked name (symbolic links resolved) to the path ldd found them
# at, plus the dynamic loader named in the executables.
libs_of() {
  ldd "$1" 2>/dev/null | awk '
    /=> not found/ { print "MISSING " $1; next }
    $2 == "=>" && $3 ~ /^\// { print $3; next }
    $1 ~ /^\// { print $1 }'
}
declare -A seen=()
while IFS= read -r -d '' f; do
  while IFS= read -r lib; do
    case "$lib" in
      MISSING*)
        # The JDK's own libraries link libjvm.so and libjava.so by name, already loaded by then.
        [ -n "$(find "$ROOT/opt/java" -name "${lib#MISSING }" -print -quit)" ] && continue
        die "$f needs ${lib#MISSING } which the build machine lacks" ;;
      "$ROOT"/*) continue ;;
    esac
    [ -n "${seen[$lib]:-}" ] && continue
    seen[$lib]=1
    mkdir -p "$ROOT$(dirname "$lib")"
    cp "$(readlink -f "$lib")" "$ROOT$lib"
  done < <(libs_of "$f")
done < <(find "$ROOT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0)

mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/var/lib/mcx-kms"
printf 'root:x:0:0:root:/root:/sbin/nologin\nmcxkms:x:%s:%s:MCX KMS:/var/lib/mcx-kms:/sbin/nologin\n' $UID_GID $UID_GID > "$ROOT/etc/passwd"
printf 'root:x:0:\nmcxkms:x:%s:\n' $UID_GID > "$ROOT/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
chmod 1777 "$ROOT/tmp"
chmod 0700 "$ROOT/var/lib/mcx-kms"
chmod -R u+w,go-w "$ROOT/opt" "$ROOT/etc"

# The layer: everything owned by root except the data directory, appended with its own owner.
LAYER="$OUT/layer.tar"
TAR_OPTS=(--format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
  --sort=name --mtime=@0 --numeric-owner)
(cd "$ROOT" && tar -cf "$LAYER" "${TAR_OPTS[@]}" --owner=0 --group=0 --exclude=./var/lib/mcx-kms .)
(cd "$ROOT" && tar -rf "$LAYER" "${TAR_OPTS[@]}" --owner=$UID_GID --group=$UID_GID --no-recursion ./var/lib/mcx-kms)

# The image around it, as `docker save` writes it: manifest.json, the config, the layer.
case "$(uname -m)" in
  x86_64) ARCH=amd64 ;;
  aarch64) ARCH=arm64 ;;
  *) die "no OCI architecture name known for $(uname -m)" ;;
esac
DIFF_ID="sha256:$(sha256sum "$LAYER" | cut -d' ' -f1)"
JAVA_VERSION="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$ROOT/opt/java/release")"
cat > "$OUT/config.json" <<JSON
{"architecture":"$ARCH","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},"rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"runtime-base.sh: jlink $JAVA_VERSION ($MODULES), shared libraries, user $UID_GID, /var/lib/mcx-kms"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["mcx-kms-runtime:%s"],"Layers":["layer.tar"]}]\n' "$JAVA_VERSION" > "$OUT/manifest.json"
(cd "$OUT" && tar -cf base.tar "${TAR_OPTS[@]}" --owner=0 --group=0 manifest.json config.json layer.tar)
rm -f "$LAYER"
echo "runtime-base.sh: $OUT/base.tar ($(du -h "$OUT/base.tar" | cut -f1), Java $JAVA_VERSION, modules $MODULES)"
