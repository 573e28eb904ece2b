#!/bin/sh
# Installs, on Debian (12 or 13), what carpd's build, tests and demo need. Idempotent and quiet:
# each need is checked by what it provides (a command, a library), and when all are met this
# prints nothing and touches nothing. Needs root to install.
set -eu

# need CHECK PACKAGE...: CHECK is a shell condition; the first PACKAGE apt knows is installed.
missing=""
need() {
    check=$1
    shift
    if ! sh -c "$check" >/dev/null 2>&1; then
        missing="$missing $*|"
    fi
}

need 'command -v javac && command -v java' openjdk-17-jdk-headless default-jdk-headless
need 'command -v mvn' maven
need 'ldconfig -p | grep -q "libpcap.so.0.8 "' libpcap0.8t64 libpcap0.8
need 'command -v ucarp' ucarp
need 'command -v tshark' tshark
need 'command -v tcpdump' tcpdump
need 'command -v ip' iproute2
need 'command -v sysctl && command -v pgrep' procps
need 'command -v arping' arping
need 'command -v ping' iputils-ping
need 'command -v nginx || test -x /usr/sbin/nginx' nginx-light nginx
need 'command -v shellcheck' shellcheck
need '/usr/bin/python3 -c "import scapy.all"' python3-scapy
need 'command -v keepalived || test -x /usr/sbin/keepalived' keepalived
need 'command -v nft || test -x /usr/sbin/nft' nftables
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing:$(echo "$missing" | tr '|' ',') (run as root to install them)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
packages=""
rest=$missing
while [ -n "$rest" ]; do
    alternatives=${rest%%|*}
    rest=${rest#*|}
    chosen=""
    for candidate in $alternatives; do
        if apt-cache show "$candidate" >/dev/null 2>&1; then
            chosen=$candidate
            break
        fi
    done
    if [ -z "$chosen" ]; then
        echo "install-deps: none of$alternatives is known to apt" >&2
        exit 1
    fi
    packages="$packages $chosen"
done
echo "install-deps: installing$packages" >&2
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y -qq --no-install-recommends $packages >/dev/null
