#!/bin/sh
# carpd's first contact: a live failover on a throw-away LAN of network namespaces.
# Builds carpd, starts two nodes sharing 192.0.2.100 (and 2001:db8::100), shows `carpd sniff`
# and `carpd status`, kills the MASTER with kill -9, and shows the BACKUP taking over with the
# measured gap. Needs root. Everything it creates is removed when it ends.
set -eu
cd "$(dirname "$0")/../.."
sh src/lab/install-deps.sh
if [ ! -f target/carpd.jar ]; then
    echo "== building carpd (mvn package)"
    mvn -B -q -ntp -DskipTests package
fi
JAR=$(pwd)/target/carpd.jar
WORK=$(mktemp -d /tmp/carpd-demo.XXXXXX)
P=cdemo

# shellcheck source=src/lab/setup.sh
. src/lab/setup.sh
lab_at_exit() {
    rm -rf "$WORK"
}

echo "== a LAN: bridge + node1 (192.0.2.1), node2 (192.0.2.2), client (192.0.2.3)"
lan_up "$P" node1 node2 client

for h in node1 node2; do
    mkdir -p "$WORK/$h"
    skew=0; [ "$h" = node2 ] && skew=100
    cat > "$WORK/$h/web.conf" <<CONF
# the web pair of the FreeBSD CARP guide, on Linux
interface = eth0
vhid      = 1
advskew   = $skew
pass      = MyS3cur3P@ss
address   = 192.0.2.100/24
address   = 2001:db8::100/64
CONF
    chmod 600 "$WORK/$h/web.conf" # it holds the group's password: carpd warns about a readable one
done
echo "== node1's configuration ($WORK/node1/web.conf):"
sed 's/^/    /' "$WORK/node1/web.conf"

start_node() {
    ip netns exec "$P$1" java -jar "$JAR" run -c "$WORK/$1" --control-socket "$WORK/$1/sock" \
        --pidfile "$WORK/$1/pid" > "$WORK/$1.log" 2>&1 &
}
# node1 first: started together, a JVM that happens to start 0.4 s later than the other would lose
# the first election (advskew 100 is 0.39 s), and without preempt node1 would then stay BACKUP.
# waits until `carpd status` of node $1 shows state $2 (at most 200 tries), else shows its log
await_state() {
    i=0
    until java -jar "$JAR" status --control-socket "$WORK/$1/sock" 2>/dev/null | grep -q ": $2"; do
        i=$((i + 1)); [ "$i" -gt 200 ] && { echo "$1 did not become $2"; cat "$WORK/$1.log"; exit 1; }
        sleep 0.1
    done
}
start_node node1
echo "== started carpd on node1 (advskew 0); with no other master it takes over after 3 s"
await_state node1 MASTER
start_node node2
echo "== started carpd on node2 (advskew 100): it hears node1 and stays BACKUP"
await_state node2 BACKUP

echo "== carpd status on node1 and node2:"
java -jar "$JAR" status --control-socket "$WORK/node1/sock" | sed 's/^/    node1: /'
java -jar "$JAR" status --control-socket "$WORK/node2/sock" | sed 's/^/    node2: /'
echo "== the VIP is on node1 only:"
ip -n "${P}node1" -o addr show dev eth0 | awk '{print "    node1: " $4}'
ip -n "${P}node2" -o addr show dev eth0 | awk '{print "    node2: " $4}'
echo "== carpd sniff on the client (password and addresses given, so the HMAC is verified):"
ip netns exec "${P}client" java -jar "$JAR" sniff -i eth0 -c 2 --pass 'MyS3cur3P@ss' \
    --address 192.0.2.100/24 --address 2001:db8::100/64 | sed 's/^/    /'
echo "== the client pings the VIP:"
ip netns exec "${P}client" ping -c 2 -W 1 192.0.2.100 | sed -n 's/^/    /; 2,3p'

ip netns exec "${P}client" tcpdump -U -q -i eth0 -w "$WORK/failover.pcap" 'ip proto 112 or ip6 proto 112 or arp or icmp6' 2>/dev/null &
dump=$!
sleep 1.5
echo "== kill -9 carpd on node1 (the MASTER) at $(date +%T.%N | cut -c1-12)"
kill -9 "$(cat "$WORK/node1/pid")"
ip -n "${P}node1" link set eth0 down   # and the host with it: its stale VIP must not answer
i=0
until grep -q "BACKUP -> MASTER" "$WORK/node2.log"; do   # the log, not `status`: no JVM start-ups during the takeover
    i=$((i + 1)); [ "$i" -gt 100 ] && { echo "node2 did not take over"; cat "$WORK/node2.log"; exit 1; }
    sleep 0.1
done
sleep 1.5
kill -INT "$dump"; wait "$dump" 2>/dev/null || true

echo "== node2's log:"
grep "carp:" "$WORK/node2.log" | sed 's/^/    /'
echo "== what the client saw (adverts, gratuitous ARP, unsolicited NA):"
tshark -r "$WORK/failover.pcap" -d ip.proto==112,carp -t a -T fields -e _ws.col.Time -e eth.src -e _ws.col.Info \
    'carp or arp or icmpv6.type == 136' 2>/dev/null | sed 's/^/    /' | tail -10
gap=$(tshark -r "$WORK/failover.pcap" -d ip.proto==112,carp -T fields -e frame.time_epoch -e ip.src carp 2>/dev/null |
    awk '$2 == "192.0.2.1" { last = $1 } $2 == "192.0.2.2" && last != "" { printf "%.1f", ($1 - last) * 1000; exit }')
echo "== takeover gap: ${gap} ms from node1's last advert to node2's first (master-down interval: 3 x 1 s + 100/256 s = 3390.6 ms)"
echo "== the client pings the VIP again (now answered by node2):"
ip netns exec "${P}client" ping -c 2 -W 1 192.0.2.100 | sed -n 's/^/    /; 2,3p'
echo "== done; cleaning up"
