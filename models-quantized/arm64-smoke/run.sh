#!/usr/bin/env bash
# arm64 smoke run of the built model files (fp32 and both int8 variants) under qemu-user, with ONNX Runtime's
# linux-aarch64 native from the same onnxruntime jar: outputs must equal x86's within the quantization tolerance
# (detectors, BlazeFace and full-range: every anchor score within 0.1, or within what int8 moves a score from fp32
# on x86 if that is more; box and keypoint offsets of anchors scoring >= 0.5 within 2 % of the input side; face-crop
# models: every output within 5 % of its largest x86 value for int8, 1e-4 for fp32).
# Needs qemu-user-static; builds an arm64 sysroot with Debian bookworm's openjdk-17-jre-headless (about 70 debs,
# no dpkg --add-architecture, see ../shared/reference/toolchain.md section 10) under WORK (default /tmp/facegate-arm64).
# Usage (after mvn -B -q -DskipTests package): models-quantized/arm64-smoke/run.sh [WORK]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
models=$here/../target/models
photo=$here/../target/calibration-photos/sample1.jpg
# The first face of sample1.jpg in calibration-faces.json: centre x, y and box side in pixels.
face=$(python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['faces'][0]; print(*f['centre'], f['side'])" \
  "$here/../calibration-faces.json")
work=${1:-/tmp/facegate-arm64}
ort=$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar
root=$work/root
mkdir -p "$work"
if [ ! -x "$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java" ]; then
  mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/etc/sources.list.d" "$root"
  touch "$work/state/status"
  cp /etc/apt/sources.list.d/debian.sources "$work/etc/sources.list.d/"
  cat > "$work/apt.conf" <<CONF
APT::Architecture "arm64";
APT::Architectures { "arm64"; };
Dir::State "$work/state";
Dir::State::status "$work/state/status";
Dir::Cache "$work/cache";
Dir::Etc::sourcelist "/nonexistent";
Dir::Etc::sourceparts "$work/etc/sources.list.d";
Debug::NoLocking "true";
APT::Install-Recommends "false";
CONF
  APT_CONFIG=$work/apt.conf apt-get update -qq
  APT_CONFIG=$work/apt.conf apt-get install --download-only -y -qq openjdk-17-jre-headless libstdc++6 libgcc-s1
  for deb in "$work"/cache/archives/*.deb; do dpkg -x "$deb" "$root"; done
fi
# ONNX Runtime's cpuinfo crashes on the host's x86 /proc/cpuinfo; qemu -L serves this one instead.
mkdir -p "$root/proc"
for n in 0 1; do
  printf 'processor\t: %s\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid asimdrdm lrcpc dcpop asimddp\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x4\nCPU part\t: 0xd0b\nCPU revision\t: 1\n\n' "$n"
done > "$root/proc/cpuinfo"
mkdir -p "$work/classes"
javac --release 17 -cp "$ort" -d "$work/classes" "$here/ArmSmoke.java"
java --enable-native-access=ALL-UNNAMED -cp "$work/classes:$ort" ArmSmoke write "$models" "$work/out" "$photo" $face 2>&1 | grep -v 'W:onnxruntime'
qemu-aarch64-static -L "$root" "$root/usr/lib/jvm/java-17-openjdk-arm64/bin/java" -cp "$work/classes:$ort" \
  ArmSmoke compare "$models" "$work/out" 2>&1 | grep -v 'W:onnxruntime'
