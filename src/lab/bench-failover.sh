#!/bin/sh
# Failover benchmark: N kill -9 failovers for carpd and for ucarp, same advbase/advskew, same
# namespace LAN. For each trial it prints the gap between the old master's last advert and the
# new master's first (seen from a third namespace with tcpdump), the theoretical minimum
# (3 x advbase + advskew/256 of the backup) and, per daemon, the median overhead over it.
# Usage (root): sh src/lab/bench-failover.sh [TRIALS]      default 5
# Environment: UCARP=0 leaves ucarp out; CARPD_JAR (default target/carpd.jar) and LAUNCHER
# (default packaging/carpd) compare builds; CARPD_JAVA_OPTS reaches the launcher
# (see src/lab/setup.sh).
set -eu
cd "$(dirname "$0")/../.."
TRIALS=${1:-5}
ADVBASE=1
BACKUP_SKEW=100
# shellcheck source=src/lab/setup.sh
. src/lab/setup.sh
lab_setup bench
lab_at_exit() {
    rm -rf "$WORK"
}
DAEMONS="carpd ucarp"
[ "${UCARP:-1}" = 0 ] && DAEMONS=carpd
P=cbench
lan_up "$P" a b c

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
minimum=$(awk -v b="$ADVBASE" -v s="$BACKUP_SKEW" 'BEGIN { printf "%.6f", 3 * b + s / 256 }')

# gap FILE: seconds between the last advert from 192.0.2.1 and the first from 192.0.2.2 after it
gap() {
    tshark -r "$1" -d ip.proto==112,carp -T fields -e frame.time_epoch -e ip.src 2>/dev/null |
        awk '$2 == "192.0.2.1" { last = $1 } $2 == "192.0.2.2" && last != "" { printf "%.6f\n", $1 - last; exit }'
}

wait_for() { # wait_for SECONDS COMMAND...: poll every 50 ms
    limit=$1; shift
    i=0
    while ! "$@" >/dev/null 2>&1; do
        i=$((i + 1)); [ "$i" -gt $((limit * 20)) ] && return 1
        sleep 0.05
    done
}

carpd_conf() { # carpd_conf HOST SKEW
    mkdir -p "$WORK/$1"
    printf 'interface = eth0\nvhid = 9\nadvbase = %s\nadvskew = %s\npass = benchpass\naddress = 192.0.2.100/24\n' \
        "$ADVBASE" "$2" > "$WORK/$1/bench.conf"
}
carpd_start() { # carpd_start HOST
    # through the packaged launcher: the JVM options an installed carpd runs with
    CARPD_JAR=$JAR ip netns exec "$P$1" sh "$LAUNCHER" run -c "$WORK/$1" --control-socket "$WORK/$1/sock" \
        --pidfile "$WORK/$1/pid" --state-file "$WORK/$1/state" >> "$WORK/$1.log" 2>&1 &
}
is_master() { grep -q "BACKUP -> MASTER" "$WORK/$1.log"; }
ucarp_start() { # ucarp_start HOST SRC SKEW
    ip netns exec "$P$1" ucarp -i eth0 -s "$2" -v 9 -p benchpass -a 192.0.2.100 -b "$ADVBASE" -k "$3" \
        -u /bin/true -d /bin/true >> "$WORK/ucarp-$1.log" 2>&1 &
}

trial() { # trial DAEMON NUMBER: prints the gap
    pcap="$WORK/$1-$2.pcap"
    if [ "$1" = carpd ]; then
        carpd_conf a 0; carpd_conf b "$BACKUP_SKEW"
        : > "$WORK/a.log"; : > "$WORK/b.log"
        carpd_start a
        wait_for 20 is_master a      # a first, so that it is MASTER whatever the start-up order
        carpd_start b
        wait_for 20 grep -q "INIT -> BACKUP" "$WORK/b.log"
    else
        : > "$WORK/ucarp-a.log"
        ucarp_start a 192.0.2.1 0
        wait_for 20 grep -q "Switching to state: MASTER" "$WORK/ucarp-a.log"
        ucarp_start b 192.0.2.2 "$BACKUP_SKEW"
        sleep 1
    fi
    ip netns exec "${P}c" tcpdump -U -q -i eth0 -w "$pcap" 'ip proto 112' 2>/dev/null &
    dump=$!
    sleep 1.5
    ip netns pids "${P}a" | xargs -r kill -9
    sleep 6
    kill -INT "$dump"; wait "$dump" 2>/dev/null || true
    ip netns pids "${P}b" | xargs -r kill -9
    ip -n "${P}a" addr flush dev eth0 to 192.0.2.100/32 2>/dev/null || true
    ip -n "${P}b" addr flush dev eth0 to 192.0.2.100/32 2>/dev/null || true
    sleep 0.3
    gap "$pcap"
}

for daemon in $DAEMONS; do
    : > "$WORK/$daemon.gaps"
    t=1
    while [ "$t" -le "$TRIALS" ]; do
        g=$(trial "$daemon" "$t")
        echo "$g" >> "$WORK/$daemon.gaps"
        printf '%s trial %d: gap %s s (minimum %s s, overhead %.1f ms)\n' "$daemon" "$t" "$g" "$minimum" \
            "$(awk -v g="$g" -v m="$minimum" 'BEGIN { print (g - m) * 1000 }')"
        t=$((t + 1))
    done
done
echo
for daemon in $DAEMONS; do
    sort -n "$WORK/$daemon.gaps" | awk -v m="$minimum" -v d="$daemon" '
        { v[NR] = $1 }
        END { med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%s: %d trials, median gap %.6f s, median overhead %.1f ms over %s s\n", d, NR, med, (med - m) * 1000, m }'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
