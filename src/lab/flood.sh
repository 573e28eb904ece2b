#!/bin/sh
# Flood benchmark: a MASTER and a BACKUP (vhid 1, advbase 1) while an attacker namespace sends
# PPS forged adverts per second to the group for SECONDS (FloodGenerator: bad HMAC, random vhids,
# bad checksums, replays of the master's advert, the vhid with a better skew and a wrong
# password), first against carpd, then against ucarp with the same settings. For each it prints
# the transitions during the flood, the master's advert interval (p50, p99, max; replayed copies
# removed by their counter), the CPU each daemon used during the flood, and for carpd the drop
# counters by reason and how many drop lines it logged.
# Then (carpd only) the many-source flood of issue 12: the carpd pair is reloaded (SIGHUP) to also
# run a VRRPv3 vhid 2, a CARP vhid 3 with unicast peers and IPv6 on vhid 1, and ManySourceFlood
# sends PPS forged adverts a second for SECONDS, each from a new spoofed IPv4 or IPv6 source;
# it prints transitions, CPU, the drop counters and the daemons' RSS (before, peak, after).
# Usage (root): sh src/lab/flood.sh [SECONDS] [PPS]      defaults 60, 50000
set -eu
cd "$(dirname "$0")/../.."
SECONDS_=${1:-60}
PPS=${2:-50000}
# the generators are test classes: built with the jar (by maven, which install-deps provides)
sh src/lab/install-deps.sh
if [ ! -f target/carpd.jar ] || [ ! -d target/test-classes/org/carpd/lab ]; then
    mvn -B -q -ntp -DskipTests package
fi
# shellcheck source=src/lab/setup.sh
. src/lab/setup.sh
lab_setup flood
cp -r target/test-classes "$WORK/test-classes"
JAVA=$(command -v java)
P=cflood

cpu_seconds() { # user + system CPU time of a process and its threads, in seconds
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

rss_kb() { # resident set size of a process, kB
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

rss_peak() { # rss_peak PID SECONDS FILE: samples the RSS every second for SECONDS, writes the peak to FILE
    peak=0 i=0
    while [ "$i" -lt "$2" ] && [ -e "/proc/$1" ]; do
        r=$(rss_kb "$1")
        [ "$r" -gt "$peak" ] && peak=$r
        sleep 1
        i=$((i + 1))
    done
    echo "$peak" >"$3"
}

flood() { # flood NAME: run the generator from x, report the master's adverts and the CPU used
    name=$1 pid_a=$2 pid_b=$3
    # the master's own adverts: the replayed copies come from the attacker's MAC
    ip netns exec "${P}c" tcpdump -U -q -i eth0 -w "$WORK/$name.pcap" \
        'ip proto 112 and ip src 192.0.2.1 and not ether src 02:66:66:66:66:66' >/dev/null 2>&1 &
    sleep 1
    cpu_a=$(cpu_seconds "$pid_a")
    cpu_b=$(cpu_seconds "$pid_b")
    t0=$(date +%s)
    ip netns exec "${P}x" "$JAVA" -cp "$JAR:$WORK/test-classes" org.carpd.lab.FloodGenerator eth0 "$SECONDS_" \
        "$PPS" 1 192.0.2.1 192.0.2.100/24
    elapsed=$(($(date +%s) - t0))
    awk -v a0="$cpu_a" -v a1="$(cpu_seconds "$pid_a")" -v b0="$cpu_b" -v b1="$(cpu_seconds "$pid_b")" \
        -v s="$elapsed" -v n="$name" \
        'BEGIN { printf "%s CPU during the flood: master %.1f %%, backup %.1f %% of a core\n", n, (a1 - a0) * 100 / s, (b1 - b0) * 100 / s }'
    sleep 2
    pkill -INT -f "tcpdump -U -q -i eth0 -w $WORK/$name.pcap" || true
    sleep 1
    # one line per distinct counter (its first sighting), in case a copy got through
    tshark -r "$WORK/$name.pcap" -d ip.proto==112,carp -T fields -e frame.time_epoch -e ip.src -e carp.counter \
        2>/dev/null | awk '!seen[$3]++ { print $1, $2 }' | python3 src/lab/advert-stats.py 1000 0 "$name master"
}

lan_up "$P" a b c x
echo "flood: $PPS forged adverts per second for $SECONDS_ s; work files in $WORK"

# carpd
for host in a b; do
    skew=0
    [ "$host" = b ] && skew=100
    mkdir -p "$WORK/$host"
    printf 'interface = eth0\nvhid = 1\nadvskew = %s\npass = floodtest\naddress = 192.0.2.100/24\n' "$skew" \
        >"$WORK/$host/vip.conf"
    carpd_start "$P" "$host"
    sleep 2
done
sleep 5
before_a=$(grep -c ' -> ' "$WORK/carpd-a.log")
before_b=$(grep -c ' -> ' "$WORK/carpd-b.log")
flood carpd "$(cat "$WORK/a.pid")" "$(cat "$WORK/b.pid")"
echo "carpd transitions during the flood: master $(($(grep -c ' -> ' "$WORK/carpd-a.log") - before_a))," \
    "backup $(($(grep -c ' -> ' "$WORK/carpd-b.log") - before_b)); states now:" \
    "$("$JAVA" -jar "$JAR" status --control-socket "$WORK/a.sock" | head -1 | cut -d: -f2 | cut -d' ' -f2)" \
    "$("$JAVA" -jar "$JAR" status --control-socket "$WORK/b.sock" | head -1 | cut -d: -f2 | cut -d' ' -f2)"
for host in a b; do
    echo "carpd $host drops: $("$JAVA" -jar "$JAR" status --json --control-socket "$WORK/$host.sock" |
        python3 -c 'import json,sys; s=json.load(sys.stdin); print("vhid 1", s["vhids"][0]["counters"]["drops"], "other", s["other_drops"])')"
    echo "carpd $host drop lines logged: $(grep -c 'dropped advert\|receive backlog' "$WORK/carpd-$host.log")"
done

# the many-source flood: reload both daemons with a VRRPv3 vhid, a unicast-peer vhid and IPv6
for host in a b; do
    skew=0 prio=150 peer=192.0.2.2
    [ "$host" = b ] && skew=100 prio=100 peer=192.0.2.1
    printf 'interface = eth0\nvhid = 1\nadvskew = %s\npass = floodtest\naddress = 192.0.2.100/24\naddress = 2001:db8::100/64\n' \
        "$skew" >"$WORK/$host/vip.conf"
    printf 'interface = eth0\nvhid = 2\nprotocol = vrrp3\npriority = %s\naddress = 192.0.2.200/24\n' "$prio" \
        >"$WORK/$host/vrrp.conf"
    printf 'interface = eth0\nvhid = 3\nadvskew = %s\npass = unicastpw\naddress = 192.0.2.103/24\npeer = %s\n' \
        "$skew" "$peer" >"$WORK/$host/unicast.conf"
    chmod 600 "$WORK/$host"/*.conf
    kill -HUP "$(cat "$WORK/$host.pid")"
done
sleep 6
pid_a=$(cat "$WORK/a.pid") pid_b=$(cat "$WORK/b.pid")
before_a=$(grep -c ' -> ' "$WORK/carpd-a.log")
before_b=$(grep -c ' -> ' "$WORK/carpd-b.log")
rss_a0=$(rss_kb "$pid_a") rss_b0=$(rss_kb "$pid_b")
cpu_a=$(cpu_seconds "$pid_a") cpu_b=$(cpu_seconds "$pid_b")
rss_peak "$pid_a" "$SECONDS_" "$WORK/peak-a" &
peak_a=$!
rss_peak "$pid_b" "$SECONDS_" "$WORK/peak-b" &
peak_b=$!
t0=$(date +%s)
ip netns exec "${P}x" "$JAVA" -cp "$JAR:$WORK/test-classes" org.carpd.lab.ManySourceFlood eth0 "$SECONDS_" "$PPS"
elapsed=$(($(date +%s) - t0))
cpu_a1=$(cpu_seconds "$pid_a") cpu_b1=$(cpu_seconds "$pid_b")
wait "$peak_a" "$peak_b"
awk -v a0="$cpu_a" -v a1="$cpu_a1" -v b0="$cpu_b" -v b1="$cpu_b1" -v s="$elapsed" \
    'BEGIN { printf "carpd many-source CPU during the flood: master %.1f %%, backup %.1f %% of a core\n", (a1 - a0) * 100 / s, (b1 - b0) * 100 / s }'
echo "carpd many-source RSS, kB: master $rss_a0 before, $(cat "$WORK/peak-a") peak, $(rss_kb "$pid_a") after;" \
    "backup $rss_b0 before, $(cat "$WORK/peak-b") peak, $(rss_kb "$pid_b") after"
echo "carpd many-source transitions during the flood: master $(($(grep -c ' -> ' "$WORK/carpd-a.log") - before_a))," \
    "backup $(($(grep -c ' -> ' "$WORK/carpd-b.log") - before_b))"
for host in a b; do
    echo "carpd $host many-source drops: $("$JAVA" -jar "$JAR" status --json --control-socket "$WORK/$host.sock" |
        python3 -c 'import json,sys; s=json.load(sys.stdin); print({v["vhid"]: (v["state"], v["counters"]["drops"], len(v["peers"])) for v in s["vhids"]}, "other", s["other_drops"])')"
done

for host in a b; do
    kill "$(cat "$WORK/$host.pid")" 2>/dev/null || true
done
sleep 2
ip -n "${P}a" addr flush to 192.0.2.100/32 dev eth0 2>/dev/null || true

# ucarp, same vhid, password, address and skews; its scripts add and remove the VIP
cat >"$WORK/up.sh" <<'SCRIPT'
#!/bin/sh
ip addr add 192.0.2.100/24 dev "$1"
SCRIPT
cat >"$WORK/down.sh" <<'SCRIPT'
#!/bin/sh
ip addr del 192.0.2.100/24 dev "$1" 2>/dev/null
exit 0
SCRIPT
chmod 700 "$WORK/up.sh" "$WORK/down.sh"
for host in a b; do
    skew=0 n=1
    [ "$host" = b ] && skew=100 n=2
    ip netns exec "$P$host" ucarp -i eth0 -s "192.0.2.$n" -v 1 -p floodtest -a 192.0.2.100 -b 1 -k "$skew" \
        -u "$WORK/up.sh" -d "$WORK/down.sh" >"$WORK/ucarp-$host.log" 2>&1 &
    echo $! >"$WORK/ucarp-$host.pid"
    sleep 2
done
sleep 5
before_a=$(grep -c 'Switching to state' "$WORK/ucarp-a.log")
before_b=$(grep -c 'Switching to state' "$WORK/ucarp-b.log")
flood ucarp "$(pgrep -f 'ucarp -i eth0 -s 192.0.2.1 ')" "$(pgrep -f 'ucarp -i eth0 -s 192.0.2.2 ')"
echo "ucarp transitions during the flood: master $(($(grep -c 'Switching to state' "$WORK/ucarp-a.log") - before_a))," \
    "backup $(($(grep -c 'Switching to state' "$WORK/ucarp-b.log") - before_b))"
echo "ucarp log lines during the run: master $(wc -l <"$WORK/ucarp-a.log"), backup $(wc -l <"$WORK/ucarp-b.log")"
