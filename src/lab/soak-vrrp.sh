#!/bin/sh
# Idle-pair soak in VRRPv3 mode: a carpd pair and, side by side on a second LAN, a keepalived
# pair, both at a 50 ms interval (priorities 150 and 100), left alone for MINUTES. A pause of the
# master longer than the backup's master-down interval (3 x 50 ms + skew = 180.5 ms) would show as
# a spurious takeover. Prints the transitions after start-up, the adverts the backups sent, and
# the master's advert interval and jitter (p50, p99, max), captured with tcpdump from a third
# namespace on each LAN, plus each daemon's CPU use and carpd's resident memory.
# Usage (root): sh src/lab/soak-vrrp.sh [MINUTES]      default 30
set -eu
cd "$(dirname "$0")/../.."
MINUTES=${1:-30}
INTERVAL_MS=50
# shellcheck source=src/lab/setup.sh
. src/lab/setup.sh
lab_setup soak
C=csoak
K=ksoak
lan_up "$C" a b c
lan_up "$K" a b c

for host in a b; do
    priority=150
    [ "$host" = b ] && priority=100
    mkdir -p "$WORK/$host"
    printf 'interface = eth0\nvhid = 51\nprotocol = vrrp3\npriority = %s\ninterval = %sms\naddress = 192.0.2.100/24\n' \
        "$priority" "$INTERVAL_MS" >"$WORK/$host/vrrp.conf"
    cat >"$WORK/keepalived-$host.conf" <<CONF
global_defs {
    router_id $host
    vrrp_version 3
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $priority
    advert_int 0.05
    virtual_ipaddress {
        192.0.2.100/24
    }
}
CONF
done

ip netns exec "${C}c" tcpdump -U -q -i eth0 -w "$WORK/carpd.pcap" 'ip proto 112' >/dev/null 2>&1 &
ip netns exec "${K}c" tcpdump -U -q -i eth0 -w "$WORK/keepalived.pcap" 'ip proto 112' >/dev/null 2>&1 &
sleep 1
for host in a b; do
    carpd_start "$C" "$host"
    ip netns exec "$K$host" keepalived --dont-fork --log-console --vrrp -f "$WORK/keepalived-$host.conf" \
        -p "$WORK/keepalived-$host.pid" -r "$WORK/keepalived-vrrp-$host.pid" >"$WORK/keepalived-$host.log" 2>&1 &
done
sleep 5
start=$(date +%s)
# transitions so far are the start-up election (whoever's JVM started first may be MASTER for a
# moment); the soak counts those after this point
before_a=$(grep -c ' -> ' "$WORK/carpd-a.log" || true)
before_b=$(grep -c ' -> ' "$WORK/carpd-b.log" || true)
kbefore_a=$(grep -c 'Entering MASTER' "$WORK/keepalived-a.log" || true)
kbefore_b=$(grep -c 'Entering MASTER' "$WORK/keepalived-b.log" || true)

# cpu_seconds PID: user + system CPU time of a process, in seconds
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
cpu0_a=$(cpu_seconds "$(cat "$WORK/a.pid")")
cpu0_b=$(cpu_seconds "$(cat "$WORK/b.pid")")
cpu0_ka=$(cpu_seconds "$(cat "$WORK/keepalived-vrrp-a.pid")")
echo "soak: $MINUTES minute(s) from $(date -u +%H:%M:%S) UTC; work files in $WORK"
sleep $((MINUTES * 60))
elapsed=$(($(date +%s) - start))
cpu1_a=$(cpu_seconds "$(cat "$WORK/a.pid")")
cpu1_b=$(cpu_seconds "$(cat "$WORK/b.pid")")
cpu1_ka=$(cpu_seconds "$(cat "$WORK/keepalived-vrrp-a.pid")")
rss_a=$(awk '/VmRSS/ { print $2 / 1024 }' "/proc/$(cat "$WORK/a.pid")/status")
pkill -INT -f "tcpdump -U -q -i eth0 -w $WORK" || true
sleep 1

echo
echo "carpd transitions during the soak: a $(($(grep -c ' -> ' "$WORK/carpd-a.log") - before_a))," \
    "b $(($(grep -c ' -> ' "$WORK/carpd-b.log") - before_b)) (a spurious takeover shows here)"
echo "keepalived 'Entering MASTER' during the soak: a $(($(grep -c 'Entering MASTER' "$WORK/keepalived-a.log") - kbefore_a))," \
    "b $(($(grep -c 'Entering MASTER' "$WORK/keepalived-b.log") - kbefore_b))"
for daemon in carpd keepalived; do
    tshark -r "$WORK/$daemon.pcap" -T fields -e frame.time_epoch -e ip.src -e vrrp.prio 2>/dev/null |
        python3 src/lab/advert-stats.py "$INTERVAL_MS" 5 "$daemon"
done
awk -v a0="$cpu0_a" -v a1="$cpu1_a" -v b0="$cpu0_b" -v b1="$cpu1_b" -v k0="$cpu0_ka" -v k1="$cpu1_ka" -v s="$elapsed" \
    'BEGIN { printf "CPU over %d s: carpd master %.2f %%, carpd backup %.2f %%, keepalived master (VRRP process) %.2f %% of a core\n",
             s, (a1 - a0) * 100 / s, (b1 - b0) * 100 / s, (k1 - k0) * 100 / s }'
echo "carpd master RSS at the end: ${rss_a} MB"
