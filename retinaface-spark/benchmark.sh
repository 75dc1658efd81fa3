#!/usr/bin/env bash
# Images/s of `retinaface detect` (the CLI), the in-process detector and the Spark job in local[1] and local[2], in
# one run, on the same folder (default: the 257 WIDER FACE validation images of ../shared).
#   retinaface-spark/benchmark.sh [IMAGE_DIR] [WEIGHTS_FILE]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${RETINAFACE_SHARED:-$root/../shared}
images=${1:-$shared/widerface/WIDER_val/images}
weights=${2:-$shared/weights/mobilenet0.25_Final.pth}
n=$(find "$images" -type f | wc -l)
"$root/retinaface" spark --help >/dev/null   # builds the Spark module on first use
echo "CLI: retinaface detect --no-annotate -q --threads 1 on $n images" >&2
cli1=$("$root/retinaface" detect --no-annotate -q --threads 1 --weights "$weights" "$images" 2>&1 | tail -n 1)
cli2=$("$root/retinaface" detect --no-annotate -q --threads 2 --weights "$weights" "$images" 2>&1 | tail -n 1)
spark="$root/retinaface-spark/target"
flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$root/retinaface-spark/pom.xml")
java $flags -Dlog4j2.configurationFile="$root/retinaface-spark/src/main/resources/retinaface-spark-log4j2.properties" \
  -cp "$spark/classes:$(cat "$spark/classpath.txt")" dev.retinaface.spark.SparkBenchmark "$images" "$weights"
echo
echo "CLI detect, 1 thread: $cli1"
echo "CLI detect, 2 threads: $cli2"
echo "(machine: $(nproc) cores; $(uptime | sed 's/.*load/load/'))"
