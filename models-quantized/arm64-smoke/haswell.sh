#!/usr/bin/env bash
# The models on an x86-64 CPU without AVX-512 or VNNI, emulated by qemu-x86_64 -cpu Haswell (AVX2 only):
# 1. the model files' outputs against those run.sh stored from the host (run run.sh first). ONNX Runtime picks its
#    int8 kernels by CPUID: without VNNI its u8s8 kernels can saturate with full 8-bit weights, which is why the
#    int8-x86-64 files have 7-bit weights; the int8-arm64 files are expected to differ here.
# 2. the int8 build from the committed calibration tables: it must give the committed hashes on this CPU too.
# 3. with "calibrate": iris re-calibrated here (-Dmodels.hashes=record into a scratch copy), printing the hashes
#    that differ from the committed ones, which is why the tables are committed (a few minutes under qemu).
# Needs qemu-user-static and a JDK 21+ in JAVA_HOME. Usage (after run.sh): models-quantized/arm64-smoke/haswell.sh [calibrate]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mq=$here/..
work=/tmp/facegate-arm64
ort=$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar
haswell() { qemu-x86_64-static -cpu Haswell "$JAVA_HOME/bin/java" "$@" 2>&1 | grep -v 'W:onnxruntime\|TCG doesn'; }

echo "== 1. model outputs under -cpu Haswell against the host's"
haswell -cp "$work/classes:$ort" ArmSmoke compare "$mq/target/models" "$work/out"

(cd "$mq" && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$work/models-quantized.classpath" >/dev/null)
cp="$mq/target/classes:$(cat "$work/models-quantized.classpath")"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for dir in "$mq"/*/calibration.json; do
  name=$(basename "$(dirname "$dir")")
  mkdir -p "$scratch/models/$name" "$scratch/src/$name"
  cp "$mq/target/models/$name/model.onnx" "$mq/target/models/$name/manifest.json" "$scratch/models/$name/"
  cp "$mq/$name/manifest.json" "$mq/$name/calibration.json" "$scratch/src/$name/"
done
echo "== 2. int8 build from the committed calibration tables under -cpu Haswell (fails on any other hash)"
haswell -cp "$cp" io.facegate.models.quant.QuantizeModels "$scratch/models" "$mq/target/calibration-photos" \
  "$mq/calibration-faces.json" "$scratch/src" verify

if [ "${1:-}" = calibrate ]; then
  echo "== 3. iris re-calibrated under -cpu Haswell"
  mkdir -p "$scratch/iris/models" "$scratch/iris/src"
  cp -r "$scratch/models/iris" "$scratch/iris/models/"
  cp -r "$scratch/src/iris" "$scratch/iris/src/"
  haswell -cp "$cp" io.facegate.models.quant.QuantizeModels "$scratch/iris/models" "$mq/target/calibration-photos" \
    "$mq/calibration-faces.json" "$scratch/iris/src" record
fi
