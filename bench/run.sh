#!/usr/bin/env bash
# The benchmark's one command: bench/run.sh [--smoke] [options of bench/run.py]. Needs nginx and wrk
# (Debian packages nginx-light and wrk) and a JDK 21 or newer; builds the jar if it is missing or older than src/main.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/.ci/jdk.sh"
for tool in nginx wrk python3; do
  command -v "$tool" >/dev/null || PATH="$PATH:/usr/sbin"
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install nginx-light wrk)" >&2; exit 1; }
done
# a jar older than the sources would measure an earlier build: it is rebuilt then, as when it is missing
jar=$(ls "$root"/target/dromedary-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building the jar (missing or older than src/main)" >&2
  (cd "$root" && mvn -q -B -ntp package -DskipTests)
fi
exec python3 "$root/bench/run.py" "$@"
