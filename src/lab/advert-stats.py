"""Advert timing from tshark lines 'EPOCH SOURCE PRIORITY' on stdin (used by the lab scripts).

Usage: tshark ... | python3 advert-stats.py NOMINAL_MS SKIP_SECONDS LABEL
Prints, for the source that sent the most adverts (the master): how many, the interval between
consecutive adverts (p50, p99, p99.9, max) and the jitter |interval - nominal| (p50, p99, max), in
milliseconds, and how many adverts other sources sent after SKIP_SECONDS (a spurious takeover
shows there).
"""
import sys
from collections import defaultdict


def percentile(sorted_values, fraction):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


def main():
    nominal_ms = float(sys.argv[1])
    skip = float(sys.argv[2])
    label = sys.argv[3]
    times = defaultdict(list)
    first = None
    for line in sys.stdin:
        fields = line.split()
        if len(fields) < 2:
            continue
        t = float(fields[0])
        first = t if first is None else first
        if t - first >= skip:
            times[fields[1]].append(t)
    if not times:
        print(f"{label}: no adverts captured")
        return 1
    master = max(times, key=lambda source: len(times[source]))
    ts = times[master]
    intervals = sorted((b - a) * 1000 for a, b in zip(ts, ts[1:]))
    jitter = sorted(abs(i - nominal_ms) for i in intervals)
    others = sum(len(v) for k, v in times.items() if k != master)
    print(f"{label}: master {master}, {len(ts)} adverts over {ts[-1] - ts[0]:.0f} s; "
          f"interval p50 {percentile(intervals, 0.5):.3f} p99 {percentile(intervals, 0.99):.3f} "
          f"p99.9 {percentile(intervals, 0.999):.3f} max {intervals[-1]:.3f} ms; "
          f"jitter p50 {percentile(jitter, 0.5):.3f} p99 {percentile(jitter, 0.99):.3f} max {jitter[-1]:.3f} ms; "
          f"adverts from other sources: {others}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
