#!/usr/bin/env bash
# The offline path's base image, for machines that cannot pull the image's real base (eclipse-temurin, see pom.xml):
# a JRE linked with jlink from the local JDK, plus the C library files it loads, taken from this machine, laid out
# like the eclipse-temurin images (JAVA_HOME=/opt/java/openjdk, same PATH), and packed into an image tarball by Jib
# from scratch (image/local-base/pom.xml). No Docker daemon, registry or root needed. It is for building and
# verifying the application image here (README, "Container image"), not for production. x86-64 Linux only.
#
# Usage: image/build-local-base.sh [OUT_TAR]     (default target/local-base/base.tar; about 20 s)
# Then:  mvn package jib:buildTar -Djib.from.image=tar://target/local-base/base.tar
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/jdk.sh"
out="${1:-$root/target/local-base/base.tar}"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

# What the application needs (jdeps: java.se's modules, jdk.jfr, jdk.management, jdk.net, jdk.unsupported) and a
# few the JRE images also have that libraries load lazily (DNS naming, zip file system, extra charsets, Kerberos for
# the PostgreSQL driver, JFR streaming). Not the compiler, jshell or the desktop's native libraries' dependencies.
modules=java.se,jdk.unsupported,jdk.management,jdk.management.jfr,jdk.jfr,jdk.net,jdk.crypto.ec,jdk.zipfs
modules+=,jdk.naming.dns,jdk.charsets,jdk.security.auth,jdk.security.jgss

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
jre="$rootfs/opt/java/openjdk"
mkdir -p "$rootfs/opt/java" "$rootfs"/{etc,tmp,proc,sys,dev,root} "$work/classes"

jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$work/jre"
# -L: jlink links the legal notices to each other, and Jib does not keep symbolic links
cp -RL "$work/jre" "$jre"

# The C library and whatever else the runtime's executables and libraries are linked against, at the paths the
# dynamic loader looks in. The runtime's own libraries are found by the JVM (libjvm.so is loaded by then): ldd is
# told where they are, and they are left out.
libs="$work/libs"
: > "$libs"
while IFS= read -r elf; do
  # the runtime's native libraries that only a desktop loads (X11, sound): their dependencies stay out
  case "$(basename "$elf")" in libawt_xawt.so|libjawt.so|libsplashscreen.so|libjsound.so) continue ;; esac
  deps="$(LD_LIBRARY_PATH="$jre/lib:$jre/lib/server" ldd "$elf" 2>&1)" || true
  if grep -q 'not found' <<<"$deps"; then
    echo "$elf needs a library this machine lacks:" >&2; grep 'not found' <<<"$deps" >&2; exit 1
  fi
  # "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
  sed -n -e 's/^.*=> \(\/[^ ]*\) (0x.*$/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (0x.*$/\1/p' <<<"$deps" >> "$libs"
done < <(find "$jre" -type f \( -path '*/bin/*' -o -name '*.so' -o -name jspawnhelper \))
# glibc loads libgcc_s at run time (no ldd line) to unwind a thread that ends with pthread_exit or is cancelled
libgcc="$(/sbin/ldconfig -p | sed -n 's/^[[:space:]]*libgcc_s\.so\.1 (libc6,x86-64) => //p' | head -1)"
[ -n "$libgcc" ] || { echo "libgcc_s.so.1 not found" >&2; exit 1; }
echo "$libgcc" >> "$libs"
grep -q '^/lib64/ld-linux-x86-64.so.2$' "$libs" || { echo "no x86-64 dynamic loader among the libraries" >&2; exit 1; }
sort -u "$libs" | grep -v "^$rootfs/" | while IFS= read -r lib; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done

# What the C library reads from /etc (the user and host name lookups of the JVM); a container runtime mounts its
# own /etc/hosts over this one. The application's user (10001) has no entry, as in the eclipse-temurin images.
cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
cat > "$rootfs/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS
cat > "$rootfs/etc/hosts" <<'HOSTS'
127.0.0.1 localhost
::1 localhost ip6-localhost ip6-loopback
HOSTS

jib_version="$(sed -n 's:.*<jib-maven-plugin.version>\(.*\)</jib-maven-plugin.version>.*:\1:p' "$root/pom.xml")"
mvn -B -ntp -q -f "$root/image/local-base/pom.xml" jib:buildTar -Djib-maven-plugin.version="$jib_version" \
    -Drootfs="$rootfs" -Dclasses="$work/classes" -Dout="$out" -Djib.disableUpdateChecks=true -Djib.console=plain
echo "$out ($(du -h "$out" | cut -f1); runtime $("$jre/bin/java" -version 2>&1 | sed -n 's/.*Runtime Environment //p'))"
