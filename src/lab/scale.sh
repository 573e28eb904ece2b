#!/bin/sh
# Scale benchmark: one carpd MASTER of N vhids (one IPv4 VIP each, advbase 1, started through the
# packaged launcher, so with its JVM options) beside N ucarp processes doing the same on a LAN of
# their own, for each N given. Each runs alone on its LAN, so it becomes MASTER of every vhid
# after the master-down interval and then only sends adverts (and renews its VIPs: carpd gives
# them a kernel lifetime; ucarp's up script adds them for good). After a settling pause, CPU time
# (/proc/PID/stat, user + system; for carpd also its carpd-engine thread) is taken over a WINDOW
# of seconds, and resident memory (VmRSS) at its end; the ucarp figures are summed over the N
# processes. Prints one table row per N, and carpd's engine time per advert sent.
# Usage (root): sh src/lab/scale.sh [WINDOW] [N...]      defaults 20, 1 16 64 255
# Environment: UCARP=0 leaves ucarp out; CARPD_JAVA_OPTS reaches the launcher (a profiler, say);
# CARPD_JAR and LAUNCHER name another jar and launcher (see src/lab/setup.sh).
set -eu
cd "$(dirname "$0")/../.."
WINDOW=${1:-20}
[ $# -gt 0 ] && shift
SIZES=${*:-1 16 64 255}
SETTLE=${SETTLE:-5}
# shellcheck source=src/lab/setup.sh
. src/lab/setup.sh
lab_setup scale
P=cscl # carpd's LAN
U=cscu # ucarp's LAN
lan_up "$P" a
lan_up "$U" a

# ucarp's scripts: add the VIP when MASTER, remove it otherwise (args: interface, address)
cat >"$WORK/vip-up" <<'EOF'
#!/bin/sh
ip addr add "$2/16" dev "$1" 2>/dev/null || true
EOF
cat >"$WORK/vip-down" <<'EOF'
#!/bin/sh
ip addr del "$2/16" dev "$1" 2>/dev/null || true
EOF
chmod +x "$WORK/vip-up" "$WORK/vip-down"

vip() { echo "10.1.$(($1 / 256)).$(($1 % 256))"; } # vhid i's VIP, in 10.1.0.0/16

ticks() { # ticks PIDS: user + system clock ticks summed over the processes listed in file PIDS
    while read -r p; do cat "/proc/$p/stat"; done <"$1" 2>/dev/null |
        awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
rss_mb() { # rss_mb PIDS: VmRSS summed over the processes listed in file PIDS, in MB
    while read -r p; do cat "/proc/$p/status"; done <"$1" 2>/dev/null |
        awk '$1 == "VmRSS:" { s += $2 } END { printf "%.1f", s / 1024 }'
}
engine_task() { # engine_task PID: the /proc directory of carpd's engine thread
    for t in /proc/"$1"/task/*; do
        if [ "$(cat "$t/comm")" = carpd-engine ]; then
            echo "$t"
            return
        fi
    done
}
run_ns() { cut -d' ' -f1 "$1/schedstat"; } # run_ns TASKDIR: nanoseconds the thread has run
wait_count() { # wait_count SECONDS WANT COMMAND...: until COMMAND prints at least WANT
    limit=$1; want=$2; shift 2
    i=0
    while [ "$("$@" 2>/dev/null || true)" -lt "$want" ]; do
        i=$((i + 1)); [ "$i" -gt $((limit * 10)) ] && return 1
        sleep 0.1
    done
}

hz=$(getconf CLK_TCK)
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); window ${WINDOW} s after ${SETTLE} s settling"
printf '| vhids | carpd CPU | carpd RSS | carpd engine thread | engine time per advert | ucarp CPU (N processes) | ucarp RSS (summed) |\n'
printf '|---|---|---|---|---|---|---|\n'
for n in $SIZES; do
    rm -rf "$WORK/a" "$WORK/carpd-a.log"
    mkdir -p "$WORK/a"
    i=1
    while [ "$i" -le "$n" ]; do
        printf 'interface = eth0\nvhid = %s\nadvbase = 1\npass = scale%s\naddress = %s/16\n' "$i" "$i" "$(vip "$i")" \
            >"$WORK/a/vhid$i.conf"
        i=$((i + 1))
    done
    carpd_start "$P" a
    i=1
    while [ "${UCARP:-1}" != 0 ] && [ "$i" -le "$n" ]; do
        ip netns exec "${U}a" ucarp -i eth0 -s 192.0.2.1 -v "$i" -p "scale$i" -a "$(vip "$i")" -b 1 \
            -u "$WORK/vip-up" -d "$WORK/vip-down" >/dev/null 2>&1 &
        i=$((i + 1))
    done
    wait_count 60 "$n" grep -c 'BACKUP -> MASTER' "$WORK/carpd-a.log" ||
        echo "warning: carpd MASTER of only $(grep -c 'BACKUP -> MASTER' "$WORK/carpd-a.log") of $n vhids" >&2
    sleep "$SETTLE"
    pid=$(cat "$WORK/a.pid")
    engine=$(engine_task "$pid")
    pgrep -x ucarp | while read -r p; do
        if [ "$(ip netns identify "$p")" = "${U}a" ]; then echo "$p"; fi
    done >"$WORK/ucarps"
    c0=$(ticks "$WORK/a.pid"); e0=$(run_ns "$engine"); u0=$(ticks "$WORK/ucarps")
    sleep "$WINDOW"
    c1=$(ticks "$WORK/a.pid"); e1=$(run_ns "$engine"); u1=$(ticks "$WORK/ucarps")
    crss=$(rss_mb "$WORK/a.pid")
    urss=$(rss_mb "$WORK/ucarps")
    masters=$(grep -c 'BACKUP -> MASTER' "$WORK/carpd-a.log")
    awk -v n="$n" -v hz="$hz" -v w="$WINDOW" -v c="$((c1 - c0))" -v e="$((e1 - e0))" -v u="$((u1 - u0))" \
        -v crss="$crss" -v urss="$urss" -v m="$masters" 'BEGIN {
        printf "| %d | %.2f %% | %s MB | %.2f %% | %.3f ms | %.2f %% | %s MB |\n", n, c * 100 / hz / w, crss,
            e / 1e7 / w, e / 1e6 / (m * w), u * 100 / hz / w, urss }'
    ip netns pids "${P}a" | xargs -r kill -TERM
    ip netns pids "${U}a" | xargs -r kill -TERM
    sleep 2
    ip netns pids "${P}a" | xargs -r kill -9 2>/dev/null || true
    ip netns pids "${U}a" | xargs -r kill -9 2>/dev/null || true
    ip -n "${P}a" -4 addr flush dev eth0 to 10.1.0.0/16 2>/dev/null || true
    ip -n "${U}a" -4 addr flush dev eth0 to 10.1.0.0/16 2>/dev/null || true
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); CPU in % of one core; work files in $WORK"
