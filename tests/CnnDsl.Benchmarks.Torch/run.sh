#!/usr/bin/env bash
# Runs the PyTorch training peer (this folder's project) under Debian 13's C and C++ runtime from setup.sh's private
# folder, so libtorch loads on an older Linux without anything installed. The dotnet host is started by trixie's
# loader (ld-linux-x86-64.so.2 --library-path FOLDER dotnet peer.dll): the process uses trixie's glibc and libstdc++
# and, for everything else (libz, ...), the system's libraries. The host finds itself through /proc/self/exe, which is
# then the loader, so the loader runs from a copy named dotnet in a folder beside the libraries whose host/ and shared/
# link to the real dotnet's.
# Usage: run.sh prepare            set-up (setup.sh) and build; stderr says why if it cannot
#        run.sh [peer arguments]   run the peer (arguments: see Program.cs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dll="$here/bin/Release/net10.0/linux-x64/CnnDsl.Benchmarks.Torch.dll"

if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
    echo "run.sh: the set-up is for x86-64 Linux; elsewhere run the project directly (dotnet run -c Release)" >&2
    exit 1
fi
if [[ "${1:-}" == prepare ]]; then
    "$here/setup.sh" >/dev/null
    dotnet build "$here/CnnDsl.Benchmarks.Torch.csproj" -c Release -nologo -v quiet >&2 \
        || { echo "run.sh: the peer did not build" >&2; exit 1; }
    exit 0
fi

[[ -f "$dll" ]] || { echo "run.sh: $dll is not built (run.sh prepare)" >&2; exit 1; }
libs="$("$here/setup.sh")"
host="$(readlink -f "$(command -v dotnet)")"
shim="$libs-dotnet"
if [[ ! -x "$shim/dotnet" || "$(readlink "$shim/host")" != "$(dirname "$host")/host" ]]; then
    rm -rf "$shim"
    mkdir -p "$shim"
    cp "$libs/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$shim/dotnet"
    ln -s "$(dirname "$host")/host" "$shim/host"
    ln -s "$(dirname "$host")/shared" "$shim/shared"
fi
# PyTorch's CPU training allocates its activations afresh every step; with 4 KB pages the kernel's page faults took
# over half its step here (MobileNet V2, one thread: 11.8 CPU s a step). Huge pages for libtorch's own allocations
# (its THP_MEM_ALLOC_ENABLE) and for glibc malloc's (the hugetlb tunable) cut that to 2.8 s; set either to 0 or empty
# to time PyTorch's defaults.
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE-1}"
export GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1}"
# libtorch's OpenMP threads spin while they wait; on two cores shared with other work a spinning thread keeps its
# partner off a core, and two threads were 3x slower than one (ResNet-18 64px: 3.5 s a step against 1.2 s). Passive
# waiting gave 0.9 s. OMP_WAIT_POLICY=ACTIVE restores the spinning.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY-PASSIVE}"
exec "$shim/dotnet" --library-path "$libs/usr/lib/x86_64-linux-gnu" "$host" "$dll" "$@"
