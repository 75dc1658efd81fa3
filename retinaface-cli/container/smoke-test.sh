#!/usr/bin/env bash
# Starts the service image built by `mvn -Pcontainer -pl retinaface-cli -am package -DskipTests` and probes it:
# loads the image tar, checks its configuration (non-root user, port, health check, JVM flags), starts it, waits for
# /health, runs the image's own health check, posts an image to /v1/detect, then stops it with SIGTERM and checks
# that it stopped gracefully. Usage: smoke-test.sh [IMAGE.tar] [IMAGE-FILE-TO-POST]
# Environment: ENGINE (podman or docker; default: whichever is installed), RUN_FLAGS (extra `run` flags; in a VM
# without CAP_SYS_RESOURCE and with hybrid cgroups podman needs e.g.
# "--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"), PORT (host port, default 18080).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tar=${1:-$here/../target/retinaface-serve-image.tar}
photo=${2:-${RETINAFACE_SHARED:-$here/../../../shared}/images/selfie.jpg}
engine=${ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}
port=${PORT:-18080}
name=retinaface-smoke-$$
fail() { echo "FAIL: $*" >&2; "$engine" logs "$name" 2>&1 | tail -20 >&2 || true; "$engine" rm -f "$name" >/dev/null 2>&1 || true; exit 1; }
ok() { echo "ok: $*"; }

image=$("$engine" load -i "$tar" | sed -n 's/^Loaded image[s]*: *//p' | tail -1)
[ -n "$image" ] || fail "no image loaded from $tar"
ok "loaded $image ($(du -h "$tar" | cut -f1) tar)"
cfg=$("$engine" image inspect "$image" --format '{{json .Config}}')
user=$(printf '%s' "$cfg" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("User",""))')
[ -n "$user" ] && [ "${user%%:*}" != 0 ] && [ "${user%%:*}" != root ] || fail "image runs as root ($user)"
ok "user $user"
printf '%s' "$cfg" | python3 -c 'import json,sys; c=json.load(sys.stdin); assert "8080/tcp" in (c.get("ExposedPorts") or {}), c.get("ExposedPorts")' \
  || fail "port 8080 not exposed"
ok "exposes 8080/tcp"
health=$("$engine" image inspect "$image" --format '{{json .Config.Healthcheck}}' 2>/dev/null || echo null)
case $health in *"/health"*) ok "health check $health" ;; *) fail "no health check in the image config: $health" ;; esac
entry=$(printf '%s' "$cfg" | python3 -c 'import json,sys; c=json.load(sys.stdin); print(" ".join((c.get("Entrypoint") or []) + (c.get("Cmd") or [])))')
for flag in -XX:MaxRAMPercentage=75 -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError; do
  case " $entry " in *" $flag "*) ;; *) fail "JVM flag $flag missing: $entry" ;; esac
done
ok "JVM flags: $(printf '%s' "$entry" | grep -o -- '-XX:[^ ]*\|-D[^ ]*' | tr '\n' ' ')"

# --network host and the service's own --port: works where the engine cannot set up container networking
# shellcheck disable=SC2086
"$engine" run -d --name "$name" --network host ${RUN_FLAGS:-} "$image" serve --host 127.0.0.1 --port "$port" >/dev/null \
  || fail "the container did not start"
start=$(date +%s)
until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  [ $(( $(date +%s) - start )) -lt 300 ] || fail "/health not answering after 300 s"
  [ "$("$engine" inspect -f '{{.State.Running}}' "$name")" = true ] || fail "the container exited"
  sleep 2
done
ok "/health answered $(curl -fsS "http://127.0.0.1:$port/health") after $(( $(date +%s) - start )) s"
uid=$("$engine" exec "$name" /bin/busybox id -u)
[ "$uid" != 0 ] || fail "the process runs as root"
ok "process uid $uid"
"$engine" exec "$name" /bin/busybox wget -q -O /dev/null "http://127.0.0.1:$port/health" || fail "in-container wget probe"
ok "the health-check command (busybox wget) works inside the container"
curl -fsS "http://127.0.0.1:$port/ready" >/dev/null || fail "/ready"
faces=$(curl -fsS -H 'Content-Type: image/jpeg' --data-binary @"$photo" "http://127.0.0.1:$port/v1/detect" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["faces"]))') || fail "/v1/detect"
[ "$faces" -gt 0 ] || fail "/v1/detect found no face in $photo"
ok "/v1/detect found $faces faces in $(basename "$photo")"
# the detection threads lowered their CPU priority (busybox renice in the image): niceness of retinaface-detect-N
nice=$("$engine" exec "$name" /bin/busybox sh -c 'for t in /proc/1/task/*; do case $(cat $t/comm) in
  retinaface-dete*) s=$(cat $t/stat); s=${s##*) }; set -- $s; echo "${17}";; esac; done' | sort -u | tr '\n' ' ')
case $nice in *[1-9]*) ok "detection threads at niceness $nice" ;; *) fail "detection threads not lowered (niceness '$nice')" ;; esac
"$engine" stop -t 40 "$name" >/dev/null
code=$("$engine" inspect -f '{{.State.ExitCode}}' "$name")
"$engine" logs "$name" 2>&1 | tail -3
"$engine" rm "$name" >/dev/null
[ "$code" = 0 ] || [ "$code" = 143 ] || fail "exit code $code after SIGTERM"
ok "stopped on SIGTERM (exit $code)"
echo "smoke test passed"
