#!/usr/bin/env bash
# Builds samples/CnnDsl.CostFeedback the way a user would and checks that each cost diagnostic appears in the
# build output (the sample exists to show them; it is not part of CnnDsl.sln because its warnings are the point).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out=$(dotnet build "$repo/samples/CnnDsl.CostFeedback" -c Release --nologo 2>&1) || { echo "$out"; exit 1; }
missing=0
for id in CNN0101 CNN0102 CNN0103 CNN0104 CNN0105 CNN0107; do
  if ! grep -q "warning $id:" <<<"$out"; then echo "cost feedback sample: $id not shown"; missing=1; fi
done
grep -E "warning CNN0101:" <<<"$out" | head -1
[ "$missing" -eq 0 ] && echo "cost feedback sample: every diagnostic shown"
