#!/usr/bin/env bash
# End-to-end check with real clients: Claude Code and the official TypeScript SDK, installed from the npm registry,
# talk to the built bridge, which talks to a scripted OpenAI-compatible model. Everything listens on loopback.
# Usage: e2e/run.sh   (after `mvn package`; needs node, npm and python3). Exit 3: the clients could not be installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar=$(ls "$root"/target/dromedary-*.jar 2>/dev/null | grep -v original | head -1)
[ -n "$jar" ] || { echo "build the jar first: mvn package" >&2; exit 1; }
source "$root/.ci/jdk.sh"
java_bin="$JAVA_HOME/bin/java"

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

node_dir="$here/.node"
if [ ! -x "$node_dir/node_modules/@anthropic-ai/claude-code-linux-x64/claude" ]; then
  mkdir -p "$node_dir"
  if ! (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error \
      @anthropic-ai/claude-code@2.1.330 @anthropic-ai/sdk@1.12.0 >/dev/null); then
    echo "the clients could not be installed from the npm registry" >&2
    exit 3
  fi
fi
claude="$node_dir/node_modules/@anthropic-ai/claude-code-linux-x64/claude"

mkdir -p "$work/project" "$work/home"
echo "The secret word is pelican." > "$work/project/hello.txt"
python3 "$here/scripted_model.py" "$work/model.port" "$work/project" "$work/model.log" &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/model.port" ] && break; sleep 0.1; done
cat > "$work/provider.json" <<JSON
{"providers":[{"name":"scripted","base_url":"http://127.0.0.1:$(cat "$work/model.port")/v1",
  "models":{"big":["scripted-big"],"middle":["scripted-middle"],"small":["scripted-small"]}}]}
JSON

# the jar as the container image runs it: Spring's AOT-generated bean definitions (README, "Running it in production")
"$java_bin" -Dspring.aot.enabled=true -jar "$jar" --server.port=0 --server.address=127.0.0.1 \
    --dromedary.provider-config="$work/provider.json" > "$work/bridge.log" 2>&1 &
pids+=($!)
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.* started on port \([0-9]*\).*/\1/p' "$work/bridge.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/bridge.log"; echo "bridge did not start" >&2; exit 1; }
url="http://127.0.0.1:$port"
echo "bridge on $url"

echo "== Claude Code: a tool loop (Read) through the bridge"
out=$(cd "$work/project" && HOME="$work/home" ANTHROPIC_BASE_URL="$url" ANTHROPIC_AUTH_TOKEN=e2e \
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 timeout 120 "$claude" -p "read hello.txt and tell me the secret word" \
      --allowedTools Read 2>&1) || true
echo "$out"
grep -q pelican <<<"$out" || { echo "FAIL: Claude Code did not get the file content back"; tail -20 "$work/bridge.log"; exit 1; }

echo "== Claude Code: the same with the classic request shape"
out=$(cd "$work/project" && HOME="$work/home" ANTHROPIC_BASE_URL="$url" ANTHROPIC_API_KEY=e2e \
      CLAUDE_CODE_DISABLE_EXPERIMENTAL_BETAS=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 timeout 120 "$claude" \
      -p "read hello.txt and tell me the secret word" --allowedTools Read 2>&1) || true
echo "$out"
grep -q pelican <<<"$out" || { echo "FAIL: classic shape"; tail -20 "$work/bridge.log"; exit 1; }

echo "== TypeScript SDK"
cp "$here/sdk-ts-check.mjs" "$node_dir/"   # ESM finds packages next to the script
(cd "$node_dir" && BRIDGE_URL="$url" node sdk-ts-check.mjs)
echo "End-to-end checks with real clients passed (Claude Code default and classic shapes, TypeScript SDK)"
