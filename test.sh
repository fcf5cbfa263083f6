#!/usr/bin/env bash
# Runs every test: the whole solution, then the runtime (numerics) tests again with AVX-512 disabled and with
# hardware intrinsics disabled, so the Vector512, Vector256 and scalar paths are all covered on one machine.
set -euo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() {
  echo "== $*"
  "$@" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}

run dotnet test CnnDsl.sln -c Release
# (The Oracles and WeightsIO categories run no vector code of ours: once is enough.)
run env DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 dotnet test tests/CnnDsl.Tests -c Release --no-build --filter "Category!=Oracles&Category!=WeightsIO"
run env DOTNET_EnableHWIntrinsic=0 dotnet test tests/CnnDsl.Tests -c Release --no-build --filter "Category!=Oracles&Category!=WeightsIO"
# Whether 1x1 layers of 24, 40, ... channels run at 256 bits inside an AVX-512 network depends on a timing of the machine
# (Kernels/FmaRate): the inference tests and the generated training layers again with that answer forced the other way
# round, so both run on any machine.
run env CNNDSL_FMA_HALF_RATE=0 dotnet test tests/CnnDsl.Tests -c Release --no-build --filter "FullyQualifiedName~CnnDsl.Tests.Inference|FullyQualifiedName~GeneratedTrainingTests"
run env CNNDSL_FMA_HALF_RATE=1 dotnet test tests/CnnDsl.Tests -c Release --no-build --filter "FullyQualifiedName~CnnDsl.Tests.Inference|FullyQualifiedName~GeneratedTrainingTests"
# The editor feedback a user sees: the cost-feedback sample shows every cost diagnostic.
run tests/CostFeedbackSample/run.sh
# NativeAOT: the generated code published as a native binary, run, and compared with the JIT build.
run tests/NativeAot/run.sh
# The package a user consumes: packed, then compiled against from a project outside the repository.
run tests/PackageSmoke/run.sh

# One closing line over all runs (dotnet test prints one summary per test assembly and run).
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
