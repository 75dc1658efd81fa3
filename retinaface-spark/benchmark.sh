#!/usr/bin/env bash
# Images/s of `retinaface detect` (the CLI, its own process), the in-process detector and the Spark job in local[1]
# and local[2], in one run, interleaved round after round, on the same folder (default: the 257 WIDER FACE validation
# images of ../shared). Prints a Markdown table (median and range over the rounds), the scaling efficiency and
# Spark's overhead per image.
#   retinaface-spark/benchmark.sh [IMAGE_DIR] [WEIGHTS_FILE] [ROUNDS]     (ROUNDS: default 3)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${RETINAFACE_SHARED:-$root/../shared}
images=${1:-$shared/widerface/WIDER_val/images}
weights=${2:-$shared/weights/mobilenet0.25_Final.pth}
rounds=${3:-3}
"$root/retinaface" spark --help >/dev/null   # builds the Spark module on first use
"$root/retinaface" --version >/dev/null      # and the CLI
spark="$root/retinaface-spark/target"
flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$root/retinaface-spark/pom.xml")
java $flags -Dlog4j2.configurationFile="$root/retinaface-spark/src/main/resources/retinaface-spark-log4j2.properties" \
  -cp "$spark/classes:$(cat "$spark/classpath.txt")" dev.retinaface.spark.SparkBenchmark \
  "$images" "$weights" "$rounds" "$root/retinaface"
echo "(machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(uptime | sed 's/.*load/load/'))"
