#!/bin/sh
# Build step (mvn package, after the fat jar): the list of the classes carpd loads on its way to
# "carpd started", written next to the jar as carpd.classlist and shipped in the tarball. At
# install time `carpd --make-archive` turns it into a class-data-sharing archive of exactly those
# classes (see the launcher): about 3 MB less resident memory than the JDK's own archive plus the
# same classes parsed into metaspace (docs/benchmarks.md, "Memory").
#
# carpd runs here through the launcher (so with its JVM options) on an interface that does not
# exist, in a private scratch directory, needing no privileges and no network; it is stopped with
# SIGTERM once started. The capture path (about 140 of ~2,400 classes) is not reached that way:
# those classes load from the jar as before. A class list from another build only costs sharing,
# never correctness: the JVM archives what it finds and loads the rest from the jar.
# Usage: sh packaging/classlist.sh JAR OUT
set -eu
jar=$1
out=$2
launcher=$(cd "$(dirname "$0")" && pwd)/carpd
work=$(mktemp -d "${TMPDIR:-/tmp}/carpd-classlist.XXXXXX")
pid=""
cleanup() {
    [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -m 700 "$work/conf"
# an interface name no host has (at most 15 characters): carpd starts, demotes, and waits for it
printf 'interface = carpdclass0\nvhid = 1\npass = classlist\naddress = 192.0.2.1/24\n' >"$work/conf/vhid1.conf"
chmod 600 "$work/conf/vhid1.conf"
# the jar was just built: an archive beside it is stale, and carpd must load every class itself
rm -f "$out" "${jar%.jar}.jsa"
# JDK_JAVA_OPTIONS is read by the java launcher itself: the launcher's own options stay as they are
JDK_JAVA_OPTIONS="-XX:DumpLoadedClassList=$out" CARPD_JAR=$jar sh "$launcher" run -c "$work/conf" \
    --control-socket "$work/carpd.sock" --pidfile "$work/carpd.pid" --state-file "$work/state" \
    >"$work/carpd.log" 2>&1 &
pid=$!
i=0
while ! grep -q 'carpd started' "$work/carpd.log"; do
    i=$((i + 1))
    if [ "$i" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "classlist.sh: carpd did not start; its output:" >&2
        cat "$work/carpd.log" >&2
        exit 1
    fi
    sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || true
pid=""
if ! grep -q '^org/carpd/cli/Main$' "$out"; then
    echo "classlist.sh: $out does not list carpd's classes" >&2
    exit 1
fi
echo "classlist.sh: $(grep -c -v '^[#@]' "$out") classes in $out"
