#!/usr/bin/env bash
# Assembles the container's base image without a registry or a Docker daemon: a jlink'ed Java 17 runtime from the
# build machine's JDK, the shared libraries it and ONNX Runtime need (from the installed Debian packages, found with
# ldd), busybox-static (apt-get download) for the health check, a non-root user, and writes it as a docker-save
# tarball that Jib takes as its base (tar://). Usage: build-base.sh OUT.tar
set -euo pipefail
out=$(realpath -m "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"/{opt,tmp,etc,bin,app,home/retinaface} && chmod 1777 "$root/tmp"
jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
"$jdk/bin/jlink" --output "$root/opt/java" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --add-modules java.base,java.desktop,java.net.http,java.management,java.naming,java.xml,java.logging,jdk.unsupported,jdk.crypto.ec,java.sql,jdk.zipfs
# shared libraries of the runtime and of ONNX Runtime's JNI library, with the loader
ort=$(find "${HOME}/.m2/repository/com/microsoft/onnxruntime" -name 'onnxruntime-*.jar' | grep -v sources | sort | tail -1)
mkdir -p "$work/ort" && (cd "$work/ort" && unzip -q -o "$ort" 'ai/onnxruntime/native/linux-x64/*' || true)
libs=$( (find "$root/opt/java" -name '*.so*'; find "$work/ort" -name '*.so*') | xargs -r ldd 2>/dev/null \
  | awk '/=> \//{print $3} /^\s*\/lib64/{print $1}' | sort -u)
for lib in $libs /lib64/ld-linux-x86-64.so.2; do
  real=$(readlink -f "$lib"); mkdir -p "$root$(dirname "$lib")"
  cp -L "$real" "$root$lib"
done
mkdir -p "$root/lib64" "$root/usr/lib/x86_64-linux-gnu"
# busybox (static) from its Debian package: sh and wget for the health check, renice for the detection threads
(cd "$work" && apt-get download busybox-static >/dev/null && dpkg-deb -x busybox-static_*.deb bb)
cp "$work/bb/bin/busybox" "$root/bin/busybox"
for tool in sh wget renice id; do ln -s busybox "$root/bin/$tool"; done
printf 'root:x:0:0:root:/root:/bin/sh\nretinaface:x:10001:10001:retinaface:/home/retinaface:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nretinaface:x:10001:\n' > "$root/etc/group"
chown -R 10001:10001 "$root/home/retinaface" 2>/dev/null || true
# docker-save layout: one layer, config, manifest
mkdir -p "$work/image"
tar -C "$root" --numeric-owner -cf "$work/image/layer.tar" .
diff="sha256:$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/bin","JAVA_HOME=/opt/java","HOME=/home/retinaface"],"User":"10001:10001",
  "WorkingDir":"/home/retinaface",
  "Healthcheck":{"Test":["CMD","/bin/busybox","wget","-q","-O","/dev/null","http://127.0.0.1:8080/health"],
   "Interval":10000000000,"Timeout":3000000000,"Retries":3}},
 "rootfs":{"type":"layers","diff_ids":["$diff"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["retinaface-base:local"],"Layers":["layer.tar"]}]' > "$work/image/manifest.json"
tar -C "$work/image" -cf "$out" config.json manifest.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1))"
