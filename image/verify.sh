#!/usr/bin/env bash
# Runs a Jib image tarball without any container runtime and checks that the bridge serves, the way
# k8s/deployment.yaml runs it: the image's own entrypoint, environment, working directory and user; a read-only
# root filesystem with a fresh /tmp and a fresh volume on each of the image's volumes (given the image directory's
# owner and mode, as Docker does for a new volume); no privilege escalation; its own network, with only loopback.
# Then GET /actuator/health/liveness, /actuator/health/readiness and /, and a SIGTERM that must end it cleanly.
#
# Usage: image/verify.sh [IMAGE_TAR]   (default target/jib-image.tar, from `mvn package jib:buildTar`)
# Needs root (it unpacks the layers with their owners, and uses namespaces and mounts), tar, jq, curl, iproute2's ip
# and util-linux's unshare and setpriv. The run is bounded by VERIFY_TIMEOUT seconds (default 180); nothing is left
# behind (temporary files, processes, mounts).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
image="$(realpath "${1:-$root/target/jib-image.tar}")"
timeout_s="${VERIFY_TIMEOUT:-180}"
port=8080   # the port k8s/deployment.yaml and its probes use

[ "$(id -u)" -eq 0 ] || { echo "verify.sh needs root (layers with their owners, namespaces, mounts)" >&2; exit 2; }
for tool in tar jq curl unshare setpriv ip; do
  command -v "$tool" >/dev/null || { echo "verify.sh needs $tool" >&2; exit 2; }
done
[ -f "$image" ] || { echo "no image tarball at $image (mvn package jib:buildTar)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- unpack: the tarball is `docker load` format (manifest.json, config, layers), applied in order, honouring
# whiteouts (.wh.NAME deletes NAME from lower layers, .wh..wh..opq empties its directory)
mkdir "$work/tar" "$work/rootfs"
tar -xf "$image" -C "$work/tar"
config="$work/tar/$(jq -r '.[0].Config' "$work/tar/manifest.json")"
rootfs="$work/rootfs"
while IFS= read -r layer; do
  while IFS= read -r entry; do
    name="$(basename "$entry")"; dir="$(dirname "$entry")"
    if [ "$name" = .wh..wh..opq ]; then find "$rootfs/$dir" -mindepth 1 -delete 2>/dev/null || true
    else rm -rf "${rootfs:?}/$dir/${name#.wh.}"; fi
  done < <(tar --warning=no-unknown-keyword -tf "$work/tar/$layer" | grep '\(^\|/\)\.wh\.' || true)
  # Jib writes pax headers GNU tar does not know (LIBARCHIVE.creationtime): harmless
  tar --warning=no-unknown-keyword --exclude='.wh.*' -xf "$work/tar/$layer" -C "$rootfs"
done < <(jq -r '.[0].Layers[]' "$work/tar/manifest.json")

# --- what the image declares, checked against what the Deployment expects
user="$(jq -r '.config.User // ""' "$config")"
uid="${user%%:*}"; gid="${user#*:}"; [ "$gid" != "$user" ] || gid="$uid"
[[ "$uid" =~ ^[0-9]+$ && "$gid" =~ ^[0-9]+$ ]] || fail "user '$user' is not numeric (runAsNonRoot can only check a uid)"
[ "$uid" -ne 0 ] || fail "the image runs as root"
workdir="$(jq -r '.config.WorkingDir // "/"' "$config")"
jq -e --arg p "$port/tcp" '.config.ExposedPorts[$p]' "$config" >/dev/null || fail "port $port is not exposed"
jq -e '.config.Entrypoint | length > 0' "$config" >/dev/null || fail "no entrypoint"
jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$config" > "$work/command"
jq -r '.config.Env // [] | .[]' "$config" > "$work/env"
jq -r '.config.Volumes // {} | keys[]' "$config" > "$work/volumes"
echo "image: $(jq -r '.[0].RepoTags[0]' "$work/tar/manifest.json"), user $user, workdir $workdir, volumes" \
     "$(tr '\n' ' ' < "$work/volumes")"
echo "entrypoint: $(tr '\n' ' ' < "$work/command")"
for volume in $(cat "$work/volumes"); do
  [ -d "$rootfs$volume" ] || fail "volume $volume is not a directory in the image"
done

# --- run it. The inner script is PID 1 of new PID, mount, network, UTS and IPC namespaces: when it ends, for any
# reason, the kernel ends the bridge with it and drops the mounts.
cat > "$work/run.sh" <<'INNER'
set -euo pipefail
work="$1"; rootfs="$1/rootfs"; uid="$2"; gid="$3"; workdir="$4"; port="$5"
hostname dromedary-verify
ip link set lo up
mount --bind "$rootfs" "$rootfs" && mount -o remount,bind,ro "$rootfs"          # readOnlyRootFilesystem
mount -t proc proc "$rootfs/proc"
mount -t tmpfs -o mode=1777,size=256m tmpfs "$rootfs/tmp"                      # the Deployment's /tmp emptyDir
while IFS= read -r volume; do
  mount -t tmpfs -o "size=256m,$(stat -c 'mode=%a,uid=%u,gid=%g' "$rootfs$volume")" tmpfs "$rootfs$volume"
done < "$work/volumes"
mount -t tmpfs -o mode=755,size=64k tmpfs "$rootfs/dev"                         # the devices a runtime provides
for dev in null zero full random urandom; do : > "$rootfs/dev/$dev"; mount --bind "/dev/$dev" "$rootfs/dev/$dev"; done
if [ -e "$rootfs/etc/hosts" ]; then                                             # the runtime's /etc/hosts
  printf '127.0.0.1 localhost dromedary-verify\n::1 localhost\n' > "$work/hosts"
  mount --bind "$work/hosts" "$rootfs/etc/hosts"
fi

mapfile -t command < "$work/command"; mapfile -t image_env < "$work/env"
# the image's environment only, plus a placeholder key so that a provider of the image's provider.json is usable
# (nothing is sent to it: this namespace has no network beyond loopback)
started=$(date +%s%N)
env -i "${image_env[@]}" HOSTNAME=dromedary-verify DEEPSEEK_API_KEY=verify-placeholder \
  setpriv --no-new-privs unshare --root="$rootfs" --wd="$workdir" --setgid="$gid" --setuid="$uid" -- "${command[@]}" \
  > "$work/app.log" 2>&1 &
app=$!

get() { curl -s -o "$work/body" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port$1" || true; }
until [ "$(get /actuator/health/liveness)" = 200 ]; do
  kill -0 "$app" 2>/dev/null || { echo "FAIL: the bridge exited before it was live" >&2; exit 1; }
  sleep 0.5
done
echo "live after $(( ($(date +%s%N) - started) / 1000000 )) ms"
[ "$(awk '/^Uid:/ {print $2}' "$rootfs/proc/$app/status")" = "$uid" ] || { echo "FAIL: not running as uid $uid" >&2; exit 1; }

ready=""
for _ in $(seq 1 40); do ready="$(get /actuator/health/readiness)"; [ "$ready" = 200 ] && break; sleep 0.5; done
[ "$ready" = 200 ] || { echo "FAIL: readiness $ready: $(cat "$work/body")" >&2; exit 1; }
echo "ready: $(cat "$work/body")"
[ "$(get /)" = 200 ] || { echo "FAIL: GET / answered $(get /)" >&2; exit 1; }
echo "GET /: $(cat "$work/body")"
grep -q '"providers":\[[^]]*"deepseek"' "$work/body" || { echo "FAIL: the image's provider.json was not used" >&2; exit 1; }
written="$(while IFS= read -r volume; do (cd "$rootfs$volume" && ls -d * 2>/dev/null | sed "s:^:$volume/:"); done < "$work/volumes")"
[ -n "$written" ] || { echo "FAIL: nothing was written to the volumes" >&2; exit 1; }
echo "written to the volumes: $(tr '\n' ' ' <<<"$written")"

kill -TERM "$app"
status=0
for _ in $(seq 1 60); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
kill -0 "$app" 2>/dev/null && { echo "FAIL: still running 30 s after SIGTERM" >&2; exit 1; }
wait "$app" || status=$?
# 143: the JVM's exit status after a SIGTERM it handled (shutdown hooks ran)
[ "$status" = 0 ] || [ "$status" = 143 ] || { echo "FAIL: exit status $status after SIGTERM" >&2; exit 1; }
echo "stopped on SIGTERM (exit status $status)"
INNER

status=0
timeout --kill-after=5 "$timeout_s" unshare --mount --uts --ipc --net --pid --fork --kill-child --propagation private \
  bash "$work/run.sh" "$work" "$uid" "$gid" "$workdir" "$port" || status=$?
if [ "$status" -ne 0 ]; then
  [ "$status" -eq 124 ] && echo "FAIL: not done within $timeout_s s" >&2
  echo "--- the bridge's output (last 40 lines):" >&2
  tail -40 "$work/app.log" >&2 || true
  exit 1
fi
echo "OK: $(basename "$image") ($(du -h "$image" | cut -f1) tarball, $(du -sh "$rootfs" | cut -f1) unpacked) serves as the Deployment runs it"
