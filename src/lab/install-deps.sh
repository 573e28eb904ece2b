#!/bin/sh
# Installs, on Debian, what carpd's build, tests and demo need. Idempotent and quiet: when every
# package is already there it prints nothing and touches nothing. Needs root.
set -eu

PACKAGES="openjdk-17-jdk-headless maven libpcap0.8 ucarp tshark tcpdump iproute2 procps arping iputils-ping nginx-light shellcheck python3-scapy"

missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing (run as root to install them)" >&2
    exit 1
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y -qq --no-install-recommends $missing >/dev/null
