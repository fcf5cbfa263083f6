#!/usr/bin/env bash
# Fetches Fashion-MNIST (MIT, Zalando Research) from Debian's dataset-fashion-mnist package without root
# (apt-get download, then dpkg-deb -x) and prints the folder holding its four IDX files.
# Usage: fetch-fashion-mnist.sh [folder]   (default: ${XDG_CACHE_HOME:-~/.cache}/cnndsl/fashion-mnist)
set -euo pipefail
dest=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/cnndsl/fashion-mnist}
if compgen -G "$dest/t10k-labels-idx1-ubyte*" > /dev/null; then echo "$dest"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download dataset-fashion-mnist >&2)
dpkg-deb -x "$work"/dataset-fashion-mnist_*.deb "$work/unpacked"
mkdir -p "$dest"
find "$work/unpacked" -name '*-idx[13]-ubyte*' -exec cp {} "$dest" \;
compgen -G "$dest/t10k-labels-idx1-ubyte*" > /dev/null || { echo "dataset-fashion-mnist held no IDX files" >&2; exit 1; }
echo "$dest"
