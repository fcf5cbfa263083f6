#!/usr/bin/env bash
# Packs CnnDsl and builds a consumer project outside the repository against the package alone: proves the package
# carries the generator and analyzers (analyzers/dotnet/cs) and that the documented names compile.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version="0.1.0-smoke.$(date +%s)"

dotnet pack "$repo/src/CnnDsl" -c Release -o "$work/feed" -p:Version="$version" --nologo -v q
mkdir -p "$work/consumer"
cp "$repo/tests/PackageSmoke/Consumer.csproj.txt" "$work/consumer/Consumer.csproj"
cp "$repo/tests/PackageSmoke/Program.cs.txt" "$work/consumer/Program.cs"
cat > "$work/consumer/nuget.config" <<XML
<configuration>
  <packageSources>
    <add key="cnndsl" value="$work/feed" />
  </packageSources>
</configuration>
XML
cd "$work/consumer"
# A private packages folder, so a cached package of the same name can never stand in for the one just packed.
dotnet run -c Release -p:CnnDslVersion="$version" -p:RestorePackagesPath="$work/packages" --nologo
echo "package smoke test: passed"
