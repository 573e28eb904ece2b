# shellcheck shell=sh
# The set-up the lab's scripts share (sourced, not run, from the project's root), on top of
# lan.sh's throw-away LAN of namespaces:
# lab_setup NAME: installs the lab's dependencies, builds target/carpd.jar when there is none, and
#   sets WORK (a new directory /tmp/carpd-NAME.XXXXXX), JAR (a copy of the jar in WORK: a rebuild
#   during the run must not pull it from under the daemons) and LAUNCHER (the packaged launcher:
#   the daemons run with an installed carpd's JVM options; with the jar's class list, also its
#   class-data-sharing archive, as the install step makes it). To compare builds, the environment may
#   name another jar (CARPD_JAR) and launcher (LAUNCHER); CARPD_JAVA_OPTS reaches the launcher.
# lan_up PREFIX HOST...: lan_create, after deleting what a killed earlier run left; every LAN made
#   so is deleted with all it runs when the script exits, also on INT and TERM. A script that has
#   more to undo defines lab_at_exit, which runs then.
# carpd_start PREFIX HOST [ARGS...]: carpd run in namespace PREFIXHOST, in the background, through
#   the launcher: configuration directory WORK/HOST, control socket WORK/HOST.sock, pidfile
#   WORK/HOST.pid, state file WORK/HOST.state, output in WORK/carpd-HOST.log.
# vhid_files DIR COUNT ADVSKEW PASSWORD: COUNT CARP vhid files (mode 0600) in DIR: vhid I on eth0 with that
#   advskew, password PASSWORD followed by I, VIP 192.0.2.(100 + I)/24.

# shellcheck source=src/lab/lan.sh
. src/lab/lan.sh

lab_setup() {
    sh src/lab/install-deps.sh
    [ -n "${CARPD_JAR:-}" ] || [ -f target/carpd.jar ] || mvn -B -q -ntp -DskipTests package
    LAUNCHER=${LAUNCHER:-$(pwd)/packaging/carpd}
    WORK=$(mktemp -d "/tmp/carpd-$1.XXXXXX")
    _jar=${CARPD_JAR:-target/carpd.jar}
    cp "$_jar" "$WORK/carpd.jar"
    JAR=$WORK/carpd.jar
    # as installed: the class-data-sharing archive of the class list that comes with the jar (the
    # launcher uses it when it is there; a jar without a class list runs without one)
    if [ -f "${_jar%.jar}.classlist" ]; then
        cp "${_jar%.jar}.classlist" "$WORK/carpd.classlist"
        CARPD_JAR=$JAR sh "$LAUNCHER" --make-archive >/dev/null
    fi
}

LAB_LANS=""
lan_up() {
    lan_destroy "$@"
    LAB_LANS="$LAB_LANS$*
"
    trap lab_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    lan_create "$@"
}

lab_exit() {
    printf '%s' "$LAB_LANS" | while read -r _lan; do
        # shellcheck disable=SC2086 # a prefix and host names: words by design
        lan_destroy $_lan
    done
    if command -v lab_at_exit >/dev/null 2>&1; then
        lab_at_exit
    fi
}

# (the functions' own variables start with an underscore: sh has no local ones, and a caller's
# loop variable must survive the call)
carpd_start() {
    _ns=$1$2 _host=$2
    shift 2
    CARPD_JAR=$JAR ip netns exec "$_ns" sh "$LAUNCHER" run -c "$WORK/$_host" \
        --control-socket "$WORK/$_host.sock" --pidfile "$WORK/$_host.pid" --state-file "$WORK/$_host.state" "$@" \
        >"$WORK/carpd-$_host.log" 2>&1 &
}

vhid_files() {
    mkdir -p "$1"
    _i=1
    while [ "$_i" -le "$2" ]; do
        printf 'interface = eth0\nvhid = %s\nadvskew = %s\npass = %s%s\naddress = 192.0.2.%s/24\n' \
            "$_i" "$3" "$4" "$_i" "$((100 + _i))" >"$1/vhid$_i.conf"
        _i=$((_i + 1))
    done
    # Owner-only, as an admin keeps files holding a password: carpd warns about each readable one,
    # and 16 warning lines would count in the start-up figures.
    chmod 700 "$1"
    chmod 600 "$1"/vhid*.conf
}
