#!/usr/bin/env bash
# The base image the Jib build puts ckan-sync on (mvn -Pdeploy package), made here without a registry or a Docker
# daemon: a Java runtime cut from this machine's JDK with jlink (the modules below), the C libraries it links
# against, CA certificates, a non-root user (65532) that owns /var/lib/ckan-sync. Written as a `docker save`
# tarball, which Jib reads as tar://FILE and `docker load` / `podman load` accept.
#   deploy/image/base-image.sh OUT.tar        (JAVA_HOME: the JDK to cut from; default: the java on PATH)
set -euo pipefail
out=$1
mkdir -p "$(dirname "$out")"
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$out" ] && [ "$out" -nt "$0" ]; then
  echo "base image $out is up to date"; exit 0
fi
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -d "$java_home/jmods" ] || { echo "no jmods in $java_home: jlink needs a full JDK (Debian: openjdk-17-jdk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
# java.se: the platform ckan-sync's libraries use (JDBC, JMX, XML, java.net.http, java.beans); jdk.unsupported
# for Netty/Vert.x; jdk.crypto.ec for TLS to the portals; jdk.management for the JVM metrics
"$java_home/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.charsets,jdk.zipfs,jdk.naming.dns \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$root/opt/java"
# the C libraries: what every binary and shared object of the runtime links against, and the loader
{ for f in "$root"/opt/java/bin/* $(find "$root/opt/java/lib" -name '*.so'); do ldd "$f" 2>/dev/null || true; done; } \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | grep -v "^$root/" | sort -u \
  | while read -r lib; do cp -L --parents "$lib" "$root"; done
# Debian's JDK points its CA store at /etc/ssl/certs/java/cacerts: the image carries the file itself
cacerts=$root/opt/java/lib/security/cacerts
if [ ! -s "$cacerts" ] || [ -L "$cacerts" ]; then
  rm -f "$cacerts"
  cp -L "$java_home/lib/security/cacerts" "$cacerts"
fi
mkdir -p "$root/etc" "$root/tmp" "$root/var/lib/ckan-sync" "$root/etc/ckan-sync" "$root/proc" "$root/dev"
printf 'root:x:0:0:root:/root:/sbin/nologin\nckan-sync:x:65532:65532:ckan-sync:/var/lib/ckan-sync:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nckan-sync:x:65532:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
"$root/opt/java/bin/java" -version 2>&1 | head -1
python3 "$here/docker_archive.py" "$root" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1))"
