#!/usr/bin/env bash
# The model files on an x86-64 CPU without AVX-512 VNNI, emulated by qemu-x86_64 -cpu Haswell (AVX2 only), compared
# with the outputs run.sh stored from the host (run run.sh first; needs qemu-user-static). ONNX Runtime picks its
# int8 kernels by CPUID: without VNNI its u8s8 kernels can saturate with full 8-bit weights, which is why the
# int8-x86-64 files have 7-bit weights. Same limits as run.sh; the int8-arm64 files are expected to differ here.
# Usage (after run.sh): models-quantized/arm64-smoke/haswell.sh [WORK]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-/tmp/facegate-arm64}
ort=$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar
java=$(ls -d /usr/lib/jvm/*/bin/java | head -1)
qemu-x86_64-static -cpu Haswell "$java" -cp "$work/classes:$ort" ArmSmoke compare "$here/../target/models" "$work/out" \
  2>&1 | grep -v 'W:onnxruntime\|TCG doesn'
