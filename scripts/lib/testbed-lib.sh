# shellcheck shell=bash disable=SC2034  # constants are used by the sourcing files
# Shared helpers for scripts/testbed: the naming and address plan, namespace
# and process helpers. Sourced, never run; the caller sets `set -euo pipefail`.
#
# Everything a bed creates that is visible from the root namespace carries its
# prefix P, so two beds (a test and a leftover demo) never collide and `down`
# can remove exactly one bed by name.

readonly TB_STATE_ROOT=/run/sluice-testbed
readonly TB_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
readonly TB_MAX_HYPERVISORS=20  # host octets .10+i must stay inside a /27 slot
readonly TB_MAX_NETWORK_NODES=4 # netK at .10+1-K, below the hypervisors, above the controller
readonly TB_MGMT_NET=198.51.100
readonly TB_TUNNEL_NET=100.64.0
readonly TB_TUNNEL_PREFIXLEN=24
readonly TB_UNDERLAY_MTU=1600   # VXLAN(+MPLS) around a 1450 VM MTU must fit
readonly TB_VM_MTU=1450
readonly TB_EXT_IP=203.0.113.100
readonly TB_PROVIDER_CIDR=203.0.113.0/24
readonly TB_PHYSICAL_NETWORK=physnet1  # the provider segment's name in bridge mappings
readonly TB_PROVIDER_BRIDGE=br-ex
readonly TB_OVSDB_TCP_PORT=6640

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Undo a half-done command when the script exits with an error. An EXIT
# trap, because an ERR trap is not inherited by functions (without set -E)
# and so misses most failures here.
TB_UNDO=()
undo_on_failure() { TB_UNDO=("$@"); trap run_undo EXIT; }
undo_clear()      { TB_UNDO=(); trap - EXIT; }
run_undo() {
    local rc=$?
    if ((rc != 0 && ${#TB_UNDO[@]} > 0)); then
        log "failed; undoing: ${TB_UNDO[*]}"
        "${TB_UNDO[@]}" || log "undo failed too: clean up with testbed down"
    fi
}

# --- naming -----------------------------------------------------------------

# Prefixes are short lowercase words without dashes: `${P}-` then only ever
# matches this bed's names, and `${P}m-hv20` stays within IFNAMSIZ (15).
validate_prefix() {
    [[ $1 =~ ^[a-z][a-z0-9]{0,7}$ ]] ||
        die "prefix '$1' must match [a-z][a-z0-9]{0,7} (short, no dashes)"
}

bed_dir()      { printf '%s/%s' "$TB_STATE_ROOT" "$1"; }
host_dir()     { printf '%s/%s/%s' "$TB_STATE_ROOT" "$1" "$2"; }
host_ns()      { printf '%s-%s' "$1" "$2"; }
fabric_ns()    { printf '%s-fabric' "$1"; }
ext_ns()       { printf '%s-ext' "$1"; }
vm_ns()        { printf '%s-vm-%s' "$1" "$2"; }
mgmt_bridge()  { printf '%s-mgmt' "$1"; }
mgmt_veth()    { printf '%sm-%s' "$1" "$2"; }   # root-namespace end
uplink_peer()  { printf 'up-%s' "$1"; }          # fabric-namespace end of eth1
provider_peer(){ printf 'pv-%s' "$1"; }          # provider-bridge end

# os-vif names the host end after the port id; only the first 11 characters fit.
tap_name()     { printf 'tap%s' "${1:0:11}"; }

# Everything `down` may delete, as anchored regexes over this prefix only.
# P-qrouter-ID or P-netK-qrouter-ID: routers of the bed's network nodes (their L3 agents run with
# --router-namespace-prefix P-qrouter-, or P-netK-qrouter- each when the bed has several: they share the kernel).
ns_regex()        { printf '^%s-(hv[0-9]+|net[0-9]+|fabric|ext|vm-.+|(net[0-9]+-)?qrouter-.+)$' "$1"; }
root_link_regex() { printf '^(%s-mgmt|%sm-(hv[0-9]+|net[0-9]+))$' "$1" "$1"; }

# --- address plan -------------------------------------------------------------
# Management: 198.51.100.0/24 in /27 slots; slot S: controller .32S+1,
# host i at .32S+10+i. Underlay: 100.64.0.0/24, host i at .10+i.
# Host index: hvK = K, netK = 1-K (net1 = 0, net2 = -1, ...).

host_index() {
    case $1 in
        net[1-9]) echo $((1 - ${1#net})) ;;
        hv[1-9]|hv[1-9][0-9]) echo "${1#hv}" ;;
        *) die "unknown host '$1'" ;;
    esac
}

controller_ip() { printf '%s.%d' "$TB_MGMT_NET" $((32 * $1 + 1)); }
mgmt_cidr()     { printf '%s.%d/27' "$TB_MGMT_NET" $((32 * $1)); }
mgmt_ip()       { printf '%s.%d' "$TB_MGMT_NET" $((32 * $1 + 10 + $(host_index "$2"))); }
tunnel_ip()     { printf '%s.%d' "$TB_TUNNEL_NET" $((10 + $(host_index "$1"))); }
# br-phy's own MAC, deterministic so every peer can seed its neighbour cache.
tunnel_mac()    { printf '02:64:00:00:00:%02x' $((10 + $(host_index "$1"))); }

# --- recorded state -------------------------------------------------------------

read_state() {   # read_state PREFIX KEY -> value, or fails if unrecorded
    local f
    f="$(bed_dir "$1")/$2"
    [[ -r $f ]] || return 1
    cat "$f"
}

bed_slot()  { read_state "$1" slot  || die "no bed '$1' (no $(bed_dir "$1")/slot)"; }
bed_hosts() { read_state "$1" hosts || die "no bed '$1' (no $(bed_dir "$1")/hosts)"; }

is_ovs_host() {  # is_ovs_host PREFIX HOST
    local h
    for h in $(bed_hosts "$1"); do [[ $h == "$2" ]] && return 0; done
    return 1
}

# --- namespaces -------------------------------------------------------------------

ns_exists() { [[ -e /run/netns/$1 ]]; }

# Names of this prefix's namespaces that exist now.
prefix_namespaces() {
    local re
    re=$(ns_regex "$1")
    ip netns list | awk '{print $1}' | { grep -E "$re" || true; }
}

prefix_root_links() {
    local re
    re=$(root_link_regex "$1")
    ip -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $2}' |
        { grep -E "$re" || true; }
}

# A fresh namespace with loopback up and IPv6 off: no router solicitations,
# MLD or DAD probes wander into OVS bridges (and on to the controller as
# packet-ins) unless a test asks for IPv6 itself.
# Each namespace also gets its own /etc/netns/NS/resolv.conf, which `ip netns
# exec` mounts over /etc/resolv.conf: a DHCP client's script in a VM then
# writes that file, never the machine's resolver.
make_ns() {
    ip netns add "$1"
    mkdir -p "/etc/netns/$1"
    : >"/etc/netns/$1/resolv.conf"
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
        net.ipv6.conf.default.disable_ipv6=1
    ip -n "$1" link set lo up
}

# TCP checksums are left to offload on a veth; OVS-netdev receives them
# unfinished and forwards broken segments (ping still works). Turn it off on
# every veth whose traffic can reach an OVS-netdev port.
tx_off() {  # tx_off NS DEV
    ip netns exec "$1" ethtool -K "$2" tx off >/dev/null
}

# --- OVS environment ------------------------------------------------------------------

# Environment that points ovs-vsctl/ovs-ofctl/ovs-appctl at one host's daemons.
# Unix sockets are not namespaced, so this works from the root namespace too.
ovs_env() {  # ovs_env PREFIX HOST -> words for `env`
    local d
    d=$(host_dir "$1" "$2")
    printf '%s\n' "OVS_RUNDIR=$d" "OVS_LOGDIR=$d" "OVS_DBDIR=$d"
}

hvsctl() {   # hvsctl PREFIX HOST ARGS...  (ovs-vsctl for that host)
    local p=$1 h=$2; shift 2
    local -a e; mapfile -t e < <(ovs_env "$p" "$h")
    env "${e[@]}" ovs-vsctl --timeout=10 "$@"
}

happctl() {  # happctl PREFIX HOST ARGS...  (ovs-appctl to that host's vswitchd)
    local p=$1 h=$2; shift 2
    local -a e; mapfile -t e < <(ovs_env "$p" "$h")
    env "${e[@]}" ovs-appctl --timeout=10 -t ovs-vswitchd "$@"
}

# --- processes ------------------------------------------------------------------------

# PID from an OVS pidfile, only if that process is still the daemon we started
# (its command line names our run dir): a stale pidfile must never make us
# kill an unrelated process that reused the number.
pid_from_pidfile() {  # pid_from_pidfile PIDFILE RUNDIR
    local pid
    [[ -r $1 ]] || return 1
    pid=$(<"$1")
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2" || return 1
    echo "$pid"
}

daemon_pid() {  # daemon_pid PREFIX HOST NAME -> pid if alive
    local d
    d=$(host_dir "$1" "$2")
    pid_from_pidfile "$d/$3.pid" "$d"
}

# A zombie counts as gone: it holds no sockets, devices or namespace, and on
# these machines PID 1 takes seconds to reap the detached daemons' zombies.
any_alive() {  # any_alive PID...: true while one of them still runs
    local pid stat
    for pid in "$@"; do
        read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
        stat=${stat##*) }
        [[ ${stat%% *} == Z ]] || return 0
    done
    return 1
}

wait_gone() {  # wait_gone TICKS SECONDS_PER_TICK PID...: true once all exited
    local i
    for ((i = 0; i < $1; i++)); do
        any_alive "${@:3}" || return 0
        sleep "$2"
    done
    ! any_alive "${@:3}"
}

# SIGTERM, wait up to GRACE_TENTHS tenths of a second, then SIGKILL the rest
# (a hung daemon, or a test's process that ignores SIGTERM). All pids are
# signalled at once so the waits overlap instead of adding up.
terminate_pids() {  # terminate_pids GRACE_TENTHS PID...
    local tenths=$1
    shift
    (($# > 0)) || return 0
    kill -TERM "$@" 2>/dev/null || true
    wait_gone "$tenths" 0.1 "$@" && return 0
    kill -KILL "$@" 2>/dev/null || true
    wait_gone 20 0.05 "$@" || log "pids still alive after SIGKILL: $*"
}

# vm-uuid derived from prefix and VM name: stable across re-plugs, so a test
# can predict it and unplug can find the port even without the state record.
vm_uuid() {  # vm_uuid PREFIX VM
    local h
    h=$(printf 'sluice-testbed/%s/%s' "$1" "$2" | md5sum)
    printf '%s-%s-3%s-8%s-%s' "${h:0:8}" "${h:8:4}" "${h:13:3}" "${h:17:3}" "${h:20:12}"
}
