#!/bin/sh
# First contact with carpd: builds it, starts ucarp as a CARP master in a throw-away network
# namespace and lets `carpd sniff` decode and verify its adverts live. Needs root (namespaces).
# Everything created here is removed on exit.
set -eu
cd "$(dirname "$0")/../.."
sh src/lab/install-deps.sh
[ -f target/carpd.jar ] || mvn -B -q -ntp -DskipTests package

A=carpdemo-a
B=carpdemo-b
cleanup() {
    ip netns pids "$A" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$A" 2>/dev/null || true
    ip netns del "$B" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
cleanup

ip netns add "$A"
ip netns add "$B"
ip link add eth0 netns "$A" type veth peer name eth0 netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev eth0
ip -n "$B" addr add 192.0.2.2/24 dev eth0
ip -n "$A" link set eth0 up
ip -n "$B" link set eth0 up

echo "== ucarp: vhid 7, password 's3cret', VIP 192.0.2.100, on host A"
ip netns exec "$A" ucarp -i eth0 -s 192.0.2.1 -v 7 -p s3cret -a 192.0.2.100 -u /bin/true -d /bin/true \
    >/dev/null 2>&1 &
echo "== carpd sniff on host B, with the right password (ucarp becomes MASTER after ~3 s):"
ip netns exec "$B" java -jar target/carpd.jar sniff -i eth0 -c 3 --pass s3cret --address 192.0.2.100/24
echo "== and with a wrong one:"
ip netns exec "$B" java -jar target/carpd.jar sniff -i eth0 -c 2 --pass wrong --address 192.0.2.100/24
