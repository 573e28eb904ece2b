# shellcheck shell=sh
# A throw-away LAN of network namespaces for the demo and the benchmarks (sourced, not run).
# lan_create PREFIX HOST...: a bridge in namespace PREFIXsw and one namespace PREFIXHOST per host,
#   joined by a veth pair (eth0 inside), with 192.0.2.N/24 and 2001:db8::N/64 (N = 1, 2, ...).
# lan_destroy PREFIX HOST...: kills what runs in them and deletes them; quiet when already gone.

lan_create() {
    prefix=$1
    shift
    ip netns add "${prefix}sw"
    ip -n "${prefix}sw" link add br0 type bridge mcast_snooping 0
    ip -n "${prefix}sw" link set br0 up
    n=1
    for host in "$@"; do
        ip netns add "$prefix$host"
        ip link add eth0 netns "$prefix$host" type veth peer name "p$n" netns "${prefix}sw"
        ip -n "${prefix}sw" link set "p$n" master br0 up
        ip -n "$prefix$host" link set lo up
        ip netns exec "$prefix$host" sysctl -q -w net.ipv6.conf.eth0.accept_dad=0
        ip -n "$prefix$host" addr add "192.0.2.$n/24" dev eth0
        ip -n "$prefix$host" addr add "2001:db8::$n/64" dev eth0 nodad
        ip -n "$prefix$host" link set eth0 up
        n=$((n + 1))
    done
}

lan_destroy() {
    prefix=$1
    shift
    for host in "$@"; do
        ip netns pids "$prefix$host" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    done
    for host in "$@" sw; do
        ip netns del "$prefix$host" 2>/dev/null || true
    done
}
