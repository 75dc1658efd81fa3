#!/usr/bin/env bash
# Shows `retinaface video rtsp://...` against a local RTSP server (GStreamer's, from Debian packages): a stream read to
# its end, a server that stops sending mid-stream (SIGSTOP: the connection stays open, --stall-timeout ends the run)
# and a server killed mid-stream (SIGKILL). Installs what it needs with apt-get when missing (root, Debian 12).
# Not part of the test suite: it depends on system packages.
#   scripts/rtsp-demo.sh [WORKDIR] [-- extra retinaface options, e.g. -w ../shared/weights/mobilenet0.25_Final.pth]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=/tmp/retinaface-rtsp-demo
if [ $# -gt 0 ] && [ "$1" != "--" ]; then work=$1; shift; fi
[ "${1:-}" = "--" ] && shift
extra=("$@")
port=${RTSP_PORT:-8554}
url="rtsp://127.0.0.1:$port/clip"
py=/usr/bin/python3   # Debian's python3-gi is for the system interpreter

if ! "$py" -c "import gi; gi.require_version('GstRtspServer', '1.0')" 2>/dev/null \
    || ! command -v gst-inspect-1.0 >/dev/null || ! gst-inspect-1.0 x264enc >/dev/null 2>&1; then
  echo "rtsp-demo: installing GStreamer's RTSP server and plugins (apt-get)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-gi gir1.2-gst-rtsp-server-1.0 \
    gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
    gstreamer1.0-plugins-ugly gstreamer1.0-libav >&2
fi

mkdir -p "$work"
clip="$work/stills-640x480.mp4"
if [ ! -f "$clip" ]; then
  # the generated 4 s crowd/selfie clip (100 frames, 25 fps) that `bench-video --stills` also writes stills from
  "$root/retinaface" bench-video --stills "$work/stills" --work-dir "$work" "${extra[@]}" >/dev/null
fi

server_pid=
start_server() {
  "$py" "$root/scripts/rtsp-server.py" "$clip" "$port" clip >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do grep -q serving "$work/server.log" && return 0; sleep 0.1; done
  echo "rtsp-demo: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() {
  [ -n "$server_pid" ] && kill -CONT "$server_pid" 2>/dev/null && kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
trap stop_server EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# $1 name, $2 signal to send the server after $3 seconds (or "none"), $4 stall timeout
scenario() {
  local name=$1 signal=$2 after=$3 stall=$4 t0 sent= rc signaller=
  start_server
  t0=$(now)
  if [ "$signal" != none ]; then
    ( sleep "$after"; kill -s "$signal" "$server_pid"; now >"$work/$name.signalled" ) &
    signaller=$!
  fi
  set +e
  "$root/retinaface" video "$url" --json "$work/$name.jsonl" --blur-output "$work/$name.mp4" \
    --stall-timeout "$stall" --no-progress "${extra[@]}" 2>"$work/$name.err"
  rc=$?
  set -e
  local total; total=$(since "$t0")
  if [ -n "$signaller" ]; then
    wait "$signaller"
    sent=$(cat "$work/$name.signalled")
    sent=" (server $signal at ${after} s; run ended $(since "$sent") s after)"
  fi
  echo "== $name: exit status $rc, $(wc -l <"$work/$name.jsonl") frames in JSON, ${total} s from launch$sent"
  sed 's/^/   /' "$work/$name.err"
  stop_server
}

scenario whole none 0 5
scenario stalled STOP 4 3
scenario killed KILL 4 30
echo "outputs in $work"
