#!/usr/bin/env bash
# Makes TorchSharp's libtorch load on an older Debian without changing the system: libLibTorchSharp.so needs
# GLIBCXX_3.4.32, whose libstdc++ needs glibc 2.38 (Debian 12 has 3.4.30 and 2.36). This downloads Debian 13 (trixie)'s
# C and C++ runtime packages into a private folder, checks them (the Release file's signature against the system's
# Debian keyring, the package index against the Release file, each .deb against the index) and unpacks them with
# dpkg-deb -x. Nothing is installed. The peer then runs under trixie's loader (see run.sh).
# Idempotent: a folder that is complete for the same packages is left as it is. Prints the folder's path last.
# Usage: setup.sh [FOLDER]   (default: $CNNDSL_TRIXIE_LIBS, else ~/.cache/cnndsl/trixie-libs)
set -euo pipefail

LIBS="${1:-${CNNDSL_TRIXIE_LIBS:-${XDG_CACHE_HOME:-$HOME/.cache}/cnndsl/trixie-libs}}"
MIRROR="${CNNDSL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=trixie
# The loader and C library, the C++ library and what it needs; libgomp1 for any OpenMP user (libtorch ships its own).
# (jemalloc, which PyTorch's CPU tuning guide suggests, made the peer's steps about twice as slow here: not used.)
PACKAGES=(libc6 libgcc-s1 libstdc++6 libgomp1)
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

if [[ -f "$LIBS/.complete" && "$(cat "$LIBS/.complete")" == "${PACKAGES[*]}" ]]; then
    echo "$LIBS"
    exit 0
fi

for tool in curl xz dpkg-deb sha256sum gpgv; do
    command -v "$tool" >/dev/null || { echo "setup.sh: '$tool' is needed (Debian package: $tool)" >&2; exit 1; }
done
[[ -f "$KEYRING" ]] || { echo "setup.sh: the Debian archive keyring $KEYRING is needed (apt-get install debian-archive-keyring)" >&2; exit 1; }

fetch() { curl -fsS -o "$2" "$1" || { echo "setup.sh: could not download $1" >&2; exit 1; }; }

work="$(mktemp -d "${TMPDIR:-/tmp}/cnndsl-trixie.XXXXXX")"
trap 'rm -rf "$work"' EXIT

fetch "$MIRROR/dists/$SUITE/InRelease" "$work/InRelease"
gpgv --keyring "$KEYRING" --output "$work/Release" "$work/InRelease" 2>/dev/null \
    || { echo "setup.sh: the signature of $SUITE's InRelease does not verify against $KEYRING" >&2; exit 1; }
index=main/binary-amd64/Packages.xz
index_sha=$(awk -v f="$index" '/^SHA256:/ { s = 1; next } /^[^ ]/ { s = 0 } s && $3 == f { print $1 }' "$work/Release")
[[ -n "$index_sha" ]] || { echo "setup.sh: $SUITE's Release names no $index" >&2; exit 1; }
fetch "$MIRROR/dists/$SUITE/$index" "$work/Packages.xz"
echo "$index_sha  $work/Packages.xz" | sha256sum -c --quiet - \
    || { echo "setup.sh: $index does not match the SHA256 in $SUITE's Release" >&2; exit 1; }
xz -dc "$work/Packages.xz" > "$work/Packages"

mkdir -p "$work/root"
for package in "${PACKAGES[@]}"; do
    # One stanza per package: its file in the pool and its SHA256.
    read -r filename sha < <(awk -v p="$package" '
        /^Package: / { name = $2 } /^Filename: / { file = $2 } /^SHA256: / { sha = $2 }
        /^$/ { if (name == p) { print file, sha; exit } name = ""; file = ""; sha = "" }' "$work/Packages")
    [[ -n "${filename:-}" && -n "${sha:-}" ]] || { echo "setup.sh: $SUITE's index has no package $package" >&2; exit 1; }
    deb="$work/$(basename "$filename")"
    fetch "$MIRROR/$filename" "$deb"
    echo "$sha  $deb" | sha256sum -c --quiet - || { echo "setup.sh: $filename does not match its SHA256 in the index" >&2; exit 1; }
    dpkg-deb -x "$deb" "$work/root"
    echo "setup.sh: $(basename "$filename") checked and unpacked" >&2
done
[[ -x "$work/root/usr/lib64/ld-linux-x86-64.so.2" || -x "$work/root/lib64/ld-linux-x86-64.so.2" ]] \
    || { echo "setup.sh: libc6 brought no ld-linux-x86-64.so.2" >&2; exit 1; }
echo "${PACKAGES[*]}" > "$work/root/.complete"

# Replace the folder whole, so a failed run never leaves half a set of libraries behind.
mkdir -p "$(dirname "$LIBS")"
rm -rf "$LIBS.old"
[[ -e "$LIBS" ]] && mv "$LIBS" "$LIBS.old"
mv "$work/root" "$LIBS"
rm -rf "$LIBS.old"
echo "$LIBS"
