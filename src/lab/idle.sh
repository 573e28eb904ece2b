#!/bin/sh
# What an idle carpd does: two nodes with VHIDS vhids at advbase 1 (node a MASTER, advskew 0;
# node b BACKUP, advskew 100), started through the packaged launcher. After a settling pause,
# over WINDOW seconds, prints for each thread of each daemon how often it woke up (voluntary
# context switches, from /proc/PID/task/TID/status) and how much CPU it used (schedstat), then
# each daemon's CPU in % of one core and its resident memory. A thread that wakes when nothing
# happens shows here by name (kernel thread names are cut to 15 characters).
# Usage (root): sh src/lab/idle.sh [WINDOW] [VHIDS]      defaults 60, 1
# Environment: CARPD_JAVA_OPTS reaches the launcher (to compare JVM options); SETTLE, the pause
# before the window (default 10 s); CARPD_JAR (default target/carpd.jar) and LAUNCHER (default
# packaging/carpd) compare builds (see src/lab/setup.sh).
set -eu
cd "$(dirname "$0")/../.."
WINDOW=${1:-60}
VHIDS=${2:-1}
SETTLE=${SETTLE:-10}
# shellcheck source=src/lab/setup.sh
. src/lab/setup.sh
lab_setup idle
P=cidle
lan_up "$P" a b

for host in a b; do
    skew=0
    [ "$host" = b ] && skew=100
    vhid_files "$WORK/$host" "$VHIDS" "$skew" idle
    carpd_start "$P" "$host"
    [ "$host" = a ] && sleep 4 # a first: MASTER whatever the start-up order
done
sleep "$SETTLE"

# threads PID: one line per thread: TID, name, voluntary switches, involuntary switches, run ns
threads() {
    for t in /proc/"$1"/task/*; do
        printf '%s\t%s\t%s\t%s\t%s\n' "${t##*/}" "$(tr ' ' '_' <"$t/comm")" \
            "$(awk '$1 == "voluntary_ctxt_switches:" { print $2 }' "$t/status")" \
            "$(awk '$1 == "nonvoluntary_ctxt_switches:" { print $2 }' "$t/status")" \
            "$(cut -d' ' -f1 "$t/schedstat")"
    done 2>/dev/null
}
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

pid_a=$(cat "$WORK/a.pid")
pid_b=$(cat "$WORK/b.pid")
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $VHIDS vhid(s); window $WINDOW s"
for n in a b; do threads "$(cat "$WORK/$n.pid")" >"$WORK/threads0-$n"; done
t0_a=$(ticks "$pid_a"); t0_b=$(ticks "$pid_b")
sleep "$WINDOW"
t1_a=$(ticks "$pid_a"); t1_b=$(ticks "$pid_b")
for n in a b; do threads "$(cat "$WORK/$n.pid")" >"$WORK/threads1-$n"; done
hz=$(getconf CLK_TCK)
for n in a b; do
    pid=$(cat "$WORK/$n.pid")
    [ "$n" = a ] && role="node a (MASTER)" || role="node b (BACKUP)"
    echo
    echo "$role: wake-ups and CPU per thread over $WINDOW s (threads that did neither left out)"
    printf '| thread | wake-ups/s | involuntary/s | CPU ms |\n|---|---|---|---|\n'
    awk -F'\t' -v w="$WINDOW" 'NR == FNR { v[$1] = $3; i[$1] = $4; r[$1] = $5; next }
        ($1 in v) { dv = $3 - v[$1]; di = $4 - i[$1]; dr = ($5 - r[$1]) / 1e6
                    if (dv + di > 0 || dr >= 0.1) printf "| %s | %.2f | %.2f | %.1f |\n", $2, dv / w, di / w, dr }' \
        "$WORK/threads0-$n" "$WORK/threads1-$n" | sort -t'|' -k3 -rn
    if [ "$n" = a ]; then c=$((t1_a - t0_a)); else c=$((t1_b - t0_b)); fi
    awk -v c="$c" -v hz="$hz" -v w="$WINDOW" -v rss="$(awk '$1 == "VmRSS:" { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")" \
        'BEGIN { printf "CPU %.3f %% of a core, RSS %s MB\n", c * 100 / hz / w, rss }'
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
