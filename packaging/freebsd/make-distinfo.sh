#!/bin/sh
# Prints the port's distinfo for a release tarball, in the format `make makesum` writes:
#   sh packaging/freebsd/make-distinfo.sh target/carpd-X.Y.Z-dist.tar.gz > packaging/freebsd/distinfo
# Runs on Debian (sha256sum) and FreeBSD (sha256). See RELEASE.md.
set -eu
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: make-distinfo.sh carpd-X.Y.Z-dist.tar.gz" >&2
    exit 64
fi
file=$1
name=$(basename "$file")
if command -v sha256sum > /dev/null 2>&1; then
    sum=$(sha256sum "$file" | cut -d ' ' -f 1)
else
    sum=$(sha256 -q "$file")
fi
size=$(wc -c < "$file" | tr -d ' ')
echo "TIMESTAMP = $(date +%s)"
echo "SHA256 ($name) = $sum"
echo "SIZE ($name) = $size"
