#!/usr/bin/env bash
# Prepares the fast-starting launch: extracts the jar (the JVM's AOT cache needs plain jars on the class path) and
# records an AOT cache from a training run that stops once the application context is up.
# Usage: bin/aot-cache.sh [OUT_DIR]   (default target/aot; run `mvn package` first)
# Then:  java $JVM_OPTIONS -XX:AOTCache=OUT_DIR/dromedary.aot -jar OUT_DIR/app/dromedary-<version>.jar
# Use the same JVM options for the training run and for running (pom property dromedary.jvm.options).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/jdk.sh"
out="$(mkdir -p "${1:-$root/target/aot}" && cd "${1:-$root/target/aot}" && pwd)"
jar=$(ls "$root"/target/dromedary-*.jar | grep -v original | head -1)
opts="${JVM_OPTIONS:-$(sed -n 's:.*<dromedary.jvm.options>\(.*\)</dromedary.jvm.options>.*:\1:p' "$root/pom.xml")}"

rm -rf "$out/app" "$out/dromedary.aot"
java -Djarmode=tools -jar "$jar" extract --destination "$out/app" >/dev/null
app="$out/app/$(basename "$jar")"
# a training run in an empty folder: no provider.json, no port conflict, stops after start-up
train=$(mktemp -d)
(cd "$train" && env -u PROVIDER_CONFIG_PATH java $opts -XX:AOTCacheOutput="$out/dromedary.aot" \
    -Dspring.context.exit=onRefresh -jar "$app" --server.port=0 > "$out/training.log" 2>&1)
rm -rf "$train"
[ -s "$out/dromedary.aot" ] || { cat "$out/training.log" >&2; echo "no AOT cache was written" >&2; exit 1; }
echo "$app"
echo "$out/dromedary.aot"
