#!/usr/bin/env bash
# Publishes samples/CnnDsl.Aot with NativeAOT and runs the native binary: proves the generated code and the kernels
# are AOT-compatible (no reflection, no runtime code generation) and that the native build computes what the JIT
# build does. NativeAOT links with clang and lld, which this script installs from Debian's packages when missing.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
if ! command -v clang >/dev/null || ! command -v ld.lld >/dev/null; then
  echo "installing clang and lld for NativeAOT"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang lld >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish "$repo/samples/CnnDsl.Aot" -c Release -r linux-x64 -o "$out" --nologo -v q
native=$("$out/CnnDsl.Aot")
jit=$(dotnet run --project "$repo/samples/CnnDsl.Aot" -c Release --no-build 2>/dev/null || dotnet run --project "$repo/samples/CnnDsl.Aot" -c Release)
echo "$native"
echo "JIT build of the same sample:"
echo "$jit"
grep -q "code: NativeAOT" <<<"$native" || { echo "the published binary did not run as NativeAOT"; exit 1; }
top() { grep -oE "top output [0-9]+" <<<"$1"; }
[ "$(top "$native")" = "$(top "$jit")" ] || { echo "NativeAOT and JIT disagree: $(top "$native") vs $(top "$jit")"; exit 1; }
echo "native AOT: published, runs, same top output as the JIT build"
