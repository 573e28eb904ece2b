#!/bin/sh
# Footprint and steady-state soak: two nodes, each running carpd (through the packaged launcher,
# so with its JVM options) with VHIDS vhids at advbase 1 on one interface; node a is MASTER of all
# (advskew 0), node b BACKUP (advskew 100). Prints:
#   - start to BACKUP: from launching node a until its log shows every vhid BACKUP;
#   - every SAMPLE seconds: RSS and thread count of both daemons (growth shows as a trend);
#   - idle CPU of each daemon over the run, in % of one core;
#   - the advert interval and jitter of one vhid's master (tcpdump in a third namespace).
# Usage (root): sh src/lab/footprint.sh [MINUTES] [VHIDS] [SAMPLE]      defaults 10, 16, 60
# Environment (to compare builds): CARPD_JAR, the jar to run (default target/carpd.jar);
# LAUNCHER, the launcher script (default packaging/carpd); CARPD_JAVA_OPTS reaches the launcher
# (see src/lab/setup.sh). SMAPS=1 also prints where node a's resident memory is at the first
# sample, by mapping (/proc/PID/smaps: resident and private dirty kB of the anonymous memory, the
# malloc heap, each file and the capture ring), to tell the JVM's own memory from carpd's; with
# -XX:NativeMemoryTracking=summary in CARPD_JAVA_OPTS, also the JVM's account (jcmd).
set -eu
cd "$(dirname "$0")/../.."
MINUTES=${1:-10}
VHIDS=${2:-16}
SAMPLE=${3:-60}
# shellcheck source=src/lab/setup.sh
. src/lab/setup.sh
lab_setup footprint
P=cfoot
lan_up "$P" a b c
vhid_files "$WORK/a" "$VHIDS" 0 footprint
vhid_files "$WORK/b" "$VHIDS" 100 footprint

ip netns exec "${P}c" tcpdump -U -q -i eth0 -w "$WORK/adverts.pcap" 'ip proto 112 and ip[21] == 1' >/dev/null 2>&1 &
sleep 1
launch() {
    carpd_start "$P" "$1"
}
launched=$(date +%s.%N)
launch a
# the log's wall-clock time of the last "INIT -> BACKUP" line, once all VHIDS are there
i=0
while [ "$(grep -c 'INIT -> BACKUP' "$WORK/carpd-a.log" 2>/dev/null || true)" -lt "$VHIDS" ] && [ $i -lt 200 ]; do
    sleep 0.05
    i=$((i + 1))
done
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
log_time() { # log_time PATTERN: the log's wall-clock time of the last line matching PATTERN, in epoch seconds
    date -d "$(grep "$1" "$WORK/carpd-a.log" | tail -1 | cut -c1-23)" +%s.%N
}
awk -v l="$launched" -v f="$(date -d "$(head -1 "$WORK/carpd-a.log" | cut -c1-23)" +%s.%N)" \
    -v s="$(log_time 'carpd started')" -v b="$(log_time 'INIT -> BACKUP')" \
    'BEGIN { printf "start to BACKUP (launcher exec to the last of the vhids in BACKUP): %.0f ms\n", (b - l) * 1000
             printf "  of which: to the first log line %.0f ms, to \"carpd started\" %.0f ms\n", (f - l) * 1000, (s - l) * 1000 }'
launch b
sleep 10 # a becomes MASTER of every vhid (3 s), b BACKUP; let the JIT settle

# cpu_seconds PID: user + system CPU time of a process, in seconds
cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
status_field() { # status_field PID FIELD: a /proc/PID/status value (VmRSS in MB, Threads)
    awk -v f="$2:" '$1 == f { print (f == "VmRSS:" ? $2 / 1024 : $2) }' "/proc/$1/status"
}
pid_a=$(cat "$WORK/a.pid")
pid_b=$(cat "$WORK/b.pid")
masters=$(grep -c 'BACKUP -> MASTER' "$WORK/carpd-a.log")
echo "node a MASTER of $masters of $VHIDS vhids; soak of $MINUTES minute(s), work files in $WORK"
if [ "${SMAPS:-0}" = 1 ]; then
    echo "node a's resident memory by mapping (kB; smaps, $(date -u +%H:%M:%S) UTC):"
    # a mapping's header line names it (a file, [heap], socket:, or nothing: anonymous), the lines
    # after it give its sizes; mappings of one name are summed
    awk '/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6 ? $6 : "[anonymous]"); sub(/.*\//, "", name); next }
         $1 == "Rss:" { rss[name] += $2; total += $2 }
         $1 == "Private_Dirty:" { dirty[name] += $2 }
         END { for (n in rss) if (rss[n] >= 256) printf "  %8d rss %8d private dirty  %s\n", rss[n], dirty[n], n
               printf "  %8d rss in all\n", total }' "/proc/$pid_a/smaps" | sort -k1,1nr
    # with -XX:NativeMemoryTracking=summary in CARPD_JAVA_OPTS, the JVM's own account as well
    case "${CARPD_JAVA_OPTS:-}" in *NativeMemoryTracking*)
        jcmd "$pid_a" VM.native_memory summary | grep -E '^-|^Total|\(mmap|\(malloc|\(stack|\(classes|\(threads' ;;
    esac
fi
cpu0_a=$(cpu_seconds "$pid_a")
cpu0_b=$(cpu_seconds "$pid_b")
start=$(date +%s)
echo "minute  RSS a (MB)  threads a  RSS b (MB)  threads b"
end=$((start + MINUTES * 60))
while :; do
    now=$(date +%s)
    printf '%6.1f  %10.1f  %9s  %10.1f  %9s\n' "$(awk -v s=$((now - start)) 'BEGIN { print s / 60 }')" \
        "$(status_field "$pid_a" VmRSS)" "$(status_field "$pid_a" Threads)" \
        "$(status_field "$pid_b" VmRSS)" "$(status_field "$pid_b" Threads)"
    [ "$now" -ge "$end" ] && break
    left=$((end - now))
    sleep $((left < SAMPLE ? left : SAMPLE))
done
elapsed=$(($(date +%s) - start))
if [ "$MINUTES" = 0 ]; then
    # a 0-minute run measures start-up and RSS only: no window to take CPU over, no adverts yet
    echo "CPU and advert interval: not measured (0-minute run: start-up and RSS only)"
else
    awk -v a0="$cpu0_a" -v a1="$(cpu_seconds "$pid_a")" -v b0="$cpu0_b" -v b1="$(cpu_seconds "$pid_b")" \
        -v s="$elapsed" -v n="$VHIDS" 'BEGIN { printf "CPU over %d s with %d vhids: master %.3f %%, backup %.3f %% of a core\n",
                               s, n, (a1 - a0) * 100 / s, (b1 - b0) * 100 / s }'
fi
echo "transitions after start-up: a $(grep -c ' -> ' "$WORK/carpd-a.log") b $(grep -c ' -> ' "$WORK/carpd-b.log")" \
    "(expected $((2 * VHIDS)) and $VHIDS)"
pkill -INT -f "tcpdump -U -q -i eth0 -w $WORK" || true
sleep 1
if [ "$MINUTES" != 0 ]; then
    tshark -r "$WORK/adverts.pcap" -T fields -e frame.time_epoch -e ip.src 2>/dev/null |
        python3 src/lab/advert-stats.py 1000 15 "vhid 1 adverts (advbase 1, advskew 0)"
fi
