#!/usr/bin/env bash
# Prepares the fast-starting launch: extracts the jar (the JVM's AOT cache needs plain jars on the class path) and
# records an AOT cache from a training run: a full start, a training load against a fake provider, a normal stop.
# Usage: bin/aot-cache.sh [OUT_DIR]   (default target/aot; run `mvn package` first)
# Then:  java $JVM_OPTIONS -Dspring.aot.enabled=true -XX:AOTCache=OUT_DIR/dromedary.aot \
#            -jar OUT_DIR/app/dromedary-<version>.jar
# Use the same JVM options for the training run and for running (pom property dromedary.jvm.options). The training
# runs Spring's AOT-generated bean definitions (spring.aot.enabled, from `mvn package`), as the launch above does:
# the cache then holds the classes that start-up loads.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/jdk.sh"
out="$(mkdir -p "${1:-$root/target/aot}" && cd "${1:-$root/target/aot}" && pwd)"
jar=$(ls "$root"/target/dromedary-*.jar | grep -v original | head -1)
opts="${JVM_OPTIONS:-$(sed -n 's:.*<dromedary.jvm.options>\(.*\)</dromedary.jvm.options>.*:\1:p' "$root/pom.xml")}"

rm -rf "$out/app" "$out/dromedary.aot"
java -Djarmode=tools -jar "$jar" extract --destination "$out/app" >/dev/null
app="$out/app/$(basename "$jar")"
# A training run in an empty folder (its own database, a free port, a fake provider from bin/AotTraining.java): the
# whole start-up -- Camel's routes, Jetty, the database migrations -- then TRAINING_SECONDS of requests of every kind
# (plain, streamed, tools, count_tokens, invalid), then a normal stop, when the JVM writes the cache. The cache then
# holds the request path's classes and method profiles too, so the JIT compiles it sooner after a start
# (bench/RESULTS.md, step 16). Stopping at the context refresh instead left a third of the start-up out (step 13).
train=$(mktemp -d)
java "$root/bin/AotTraining.java" upstream "$train" > "$out/training-upstream.log" 2>&1 &
upstream=$!
trap 'kill "$upstream" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do [ -s "$train/provider.json" ] && break; sleep 0.1; done
(cd "$train" && exec env -u PROVIDER_CONFIG_PATH java $opts -Dspring.aot.enabled=true \
    -XX:AOTCacheOutput="$out/dromedary.aot" \
    -jar "$app" --server.port=0 --server.address=127.0.0.1 --dromedary.provider-config="$train/provider.json" \
    > "$out/training.log" 2>&1) &
pid=$!
port=""
for _ in $(seq 1 600); do
    port=$(sed -n 's/.*Jetty started on port \([0-9]*\).*/\1/p' "$out/training.log" | head -1)
    { [ -n "$port" ] && grep -q "Started DromedaryApplication" "$out/training.log"; } && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ -n "$port" ]; then
    java "$root/bin/AotTraining.java" load "$port" "${TRAINING_SECONDS:-15}" > "$out/training-load.log" 2>&1 \
        || echo "the training load got no answer (see $out/training-load.log): the cache holds the start-up only" >&2
fi
kill -TERM "$pid" 2>/dev/null || true
# a bridge that does not stop within a minute is killed: no cache then, and the error below says so
( sleep 60; kill -KILL "$pid" 2>/dev/null ) &
watchdog=$!
wait "$pid" || true
kill "$watchdog" 2>/dev/null || true
rm -rf "$train"
[ -s "$out/dromedary.aot" ] || { cat "$out/training.log" >&2; echo "no AOT cache was written" >&2; exit 1; }
echo "$app"
echo "$out/dromedary.aot"
