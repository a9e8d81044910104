#!/usr/bin/env bash
# Prepares the fast-starting launch: extracts the jar (the JVM's AOT cache needs plain jars on the class path) and
# records an AOT cache from a training run: a full start, a few requests, a normal stop.
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
# A training run in an empty folder (no provider.json, its own database, a free port): the whole start-up -- Camel's
# routes, Jetty, the database migrations -- and a few requests, then a normal stop, when the JVM writes the cache.
# Stopping at the context refresh instead left a third of the start-up out of the cache (bench/RESULTS.md, step 13).
train=$(mktemp -d)
(cd "$train" && exec env -u PROVIDER_CONFIG_PATH java $opts -XX:AOTCacheOutput="$out/dromedary.aot" \
    -jar "$app" --server.port=0 --server.address=127.0.0.1 > "$out/training.log" 2>&1) &
pid=$!
port=""
for _ in $(seq 1 600); do
    port=$(sed -n 's/.*Jetty started on port \([0-9]*\).*/\1/p' "$out/training.log" | head -1)
    { [ -n "$port" ] && grep -q "Started DromedaryApplication" "$out/training.log"; } && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ -n "$port" ]; then
    body='{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hello"}]}'
    for _ in 1 2 3; do
        curl -s -o /dev/null "http://127.0.0.1:$port/" || true
        curl -s -o /dev/null -H 'content-type: application/json' -d "$body" \
            "http://127.0.0.1:$port/v1/messages/count_tokens" || true
        curl -s -o /dev/null -H 'content-type: application/json' -d "$body" "http://127.0.0.1:$port/v1/messages" || true
        curl -s -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" || true
    done
fi
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" || true
rm -rf "$train"
[ -s "$out/dromedary.aot" ] || { cat "$out/training.log" >&2; echo "no AOT cache was written" >&2; exit 1; }
echo "$app"
echo "$out/dromedary.aot"
