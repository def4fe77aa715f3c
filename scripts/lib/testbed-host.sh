# shellcheck shell=bash
# Building blocks of `testbed up`: the management bridge, the fabric
# namespace (underlay and provider segments), the external host, and one
# simulated OVS host. Sourced after testbed-lib.sh.

# Root-namespace Linux bridge holding the controller address: a vswitchd in a
# namespace opens its OpenFlow socket there, so the controller (in the root
# namespace) is reached through this bridge and one veth per host.
setup_mgmt_bridge() {  # setup_mgmt_bridge PREFIX SLOT
    local br
    br=$(mgmt_bridge "$1")
    ip link add "$br" type bridge stp_state 0
    no_ipv6_root "$br"
    ip addr add "$(controller_ip "$2")/27" dev "$br"
    ip link set "$br" up
}

# IPv6 off per interface in the root namespace (the machine's own defaults
# are not ours to change): no stray ND/MLD on the management segment.
no_ipv6_root() {
    sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1"
}

# One namespace standing in for the physical network: `fabric` is the
# underlay switch (MTU 1600 so VXLAN around a 1450 VM MTU fits), `provider`
# the provider segment (physnet1) that every host's br-ex and the ext host
# share; it carries flat networks untagged and VLAN networks tagged.
setup_fabric() {  # setup_fabric PREFIX
    local ns
    ns=$(fabric_ns "$1")
    make_ns "$ns"
    ip -n "$ns" link add fabric mtu "$TB_UNDERLAY_MTU" type bridge stp_state 0
    ip -n "$ns" link add provider type bridge stp_state 0
    ip -n "$ns" link set fabric up
    ip -n "$ns" link set provider up
}

# The external host: a plain namespace on the provider segment.
setup_ext() {  # setup_ext PREFIX
    local ns fns peer
    ns=$(ext_ns "$1")
    fns=$(fabric_ns "$1")
    peer=$(provider_peer ext)
    make_ns "$ns"
    ip -n "$fns" link add "$peer" type veth peer name eth0 netns "$ns"
    ip -n "$fns" link set "$peer" master provider up
    ip -n "$ns" addr add "$TB_EXT_IP/24" dev eth0
    ip -n "$ns" link set eth0 up
    tx_off "$ns" eth0
}

# One simulated hypervisor or network node, ready for an agent: namespace,
# management and uplink veths, its own ovsdb-server and ovs-vswitchd, and
# br-phy carrying the tunnel endpoint. br-int is left to the Sluice agent.
setup_host() {  # setup_host PREFIX SLOT HOST
    local p=$1 s=$2 h=$3 ns
    ns=$(host_ns "$p" "$h")
    mkdir -p "$(host_dir "$p" "$h")"
    make_ns "$ns"
    link_mgmt "$p" "$s" "$h"
    link_uplink "$p" "$h"
    link_provider "$p" "$h"
    start_ovsdb "$p" "$s" "$h"
    start_vswitchd "$p" "$h"
    setup_br_phy "$p" "$h"
    setup_br_ex "$p" "$h"
    seed_tunnel_neighbours "$p" "$h"
}

link_mgmt() {  # link_mgmt PREFIX SLOT HOST
    local ns root
    ns=$(host_ns "$1" "$3")
    root=$(mgmt_veth "$1" "$3")
    ip link add "$root" type veth peer name mgmt0 netns "$ns"
    no_ipv6_root "$root"
    ip link set "$root" master "$(mgmt_bridge "$1")" up
    ip -n "$ns" addr add "$(mgmt_ip "$2" "$3")/27" dev mgmt0
    ip -n "$ns" link set mgmt0 up
}

# eth1 becomes a port of br-phy. ARP off: the tunnel address lives on br-phy's
# internal port, and a second ARP-answering device on the same wire would
# duplicate replies.
link_uplink() {  # link_uplink PREFIX HOST
    local ns fns peer
    ns=$(host_ns "$1" "$2")
    fns=$(fabric_ns "$1")
    peer=$(uplink_peer "$2")
    ip -n "$fns" link add "$peer" mtu "$TB_UNDERLAY_MTU" type veth \
        peer name eth1 netns "$ns" mtu "$TB_UNDERLAY_MTU"
    ip -n "$fns" link set "$peer" master fabric up
    ip -n "$ns" link set eth1 arp off up
    tx_off "$fns" "$peer"
    tx_off "$ns" eth1
}

# eth2 is the host's uplink to the provider segment; setup_br_ex puts it in
# br-ex.
link_provider() {  # link_provider PREFIX HOST
    local ns fns peer
    ns=$(host_ns "$1" "$2")
    fns=$(fabric_ns "$1")
    peer=$(provider_peer "$2")
    ip -n "$fns" link add "$peer" type veth peer name eth2 netns "$ns"
    ip -n "$fns" link set "$peer" master provider up
    ip -n "$ns" link set eth2 up
    tx_off "$fns" "$peer"
    tx_off "$ns" eth2
}

# Run a daemon inside the host's namespace with that host's OVS directories.
ns_ovs() {  # ns_ovs PREFIX HOST CMD...
    local p=$1 h=$2; shift 2
    local -a e; mapfile -t e < <(ovs_env "$p" "$h")
    ip netns exec "$(host_ns "$p" "$h")" env "${e[@]}" "$@"
}

# ovsdb-server also listens on the management address so a controller in the
# root namespace can speak OVSDB to the host (tcp:MGMT_IP:6640).
start_ovsdb() {  # start_ovsdb PREFIX SLOT HOST
    local p=$1 s=$2 h=$3
    ovsdb-tool create "$(host_dir "$p" "$h")/conf.db" "$TB_SCHEMA"
    run_ovsdb "$p" "$s" "$h"
    # system-id is how an agent names its host to the controller.
    hvsctl "$p" "$h" --no-wait init -- set Open_vSwitch . \
        "external_ids:system-id=$h" "external_ids:hostname=$h"
}

run_ovsdb() {  # run_ovsdb PREFIX SLOT HOST: ovsdb-server on the host's existing database
    local p=$1 s=$2 h=$3 d
    d=$(host_dir "$p" "$h")
    ns_ovs "$p" "$h" ovsdb-server "$d/conf.db" \
        --remote="punix:$d/db.sock" \
        --remote="ptcp:$TB_OVSDB_TCP_PORT:$(mgmt_ip "$s" "$h")" \
        --remote=db:Open_vSwitch,Open_vSwitch,manager_options \
        -vconsole:err --pidfile="$d/ovsdb-server.pid" --log-file="$d/ovsdb-server.log" --detach
}

# --disable-system-route: ovs-vswitchd keeps no copy of the kernel's routes, only
# user routes (the tunnel network's, below and from the agent). With the copy,
# OVS 3.1 reloads it on every link change in the namespace (a port plugged,
# say), and dropping a copied route on br-phy takes br-phy's address out of the
# tunnel port map until the reload ends: tunnel packets translated meanwhile go
# to the host instead of being decapsulated (docs/reliability.md, churn soak).
start_vswitchd() {  # start_vswitchd PREFIX HOST
    local d
    d=$(host_dir "$1" "$2")
    ns_ovs "$1" "$2" ovs-vswitchd "unix:$d/db.sock" --disable-system-route \
        -vconsole:err --pidfile="$d/ovs-vswitchd.pid" --log-file="$d/ovs-vswitchd.log" --detach
}

# The tunnel endpoint must sit on a bridge's internal port, not on the
# uplink itself, or userspace tunnelling drops replies ("learned port is
# input port"). A fixed MAC lets peers seed their neighbour caches.
setup_br_phy() {  # setup_br_phy PREFIX HOST
    local p=$1 h=$2 ns
    ns=$(host_ns "$p" "$h")
    hvsctl "$p" "$h" add-br br-phy \
        -- set Bridge br-phy datapath_type=netdev "other_config:hwaddr=\"$(tunnel_mac "$h")\"" \
        -- set Interface br-phy "mtu_request=$TB_UNDERLAY_MTU" \
        -- add-port br-phy eth1
    tunnel_address "$p" "$h"
    # The route to the tunnel peers, as an operator adds it for a vswitchd
    # without the kernel's routes; after a restart the agent adds it again.
    # ovs-vswitchd refuses it ("Error while inserting route") until it has
    # seen br-phy's new address, which takes a moment on a loaded machine.
    local route="$TB_TUNNEL_NET.0/$TB_TUNNEL_PREFIXLEN" tries=0
    until happctl "$p" "$h" ovs/route/add "$route" br-phy >/dev/null 2>&1; do
        ((++tries < 100)) || { happctl "$p" "$h" ovs/route/add "$route" br-phy >/dev/null; return 1; }
        sleep 0.1
    done
}

# The tunnel endpoint's address on br-phy's internal port (a tap that
# outlives a killed ovs-vswitchd, address and all, so replace, not add).
tunnel_address() {  # tunnel_address PREFIX HOST
    local ns
    ns=$(host_ns "$1" "$2")
    ip -n "$ns" addr replace "$(tunnel_ip "$2")/$TB_TUNNEL_PREFIXLEN" dev br-phy
    ip -n "$ns" link set br-phy up
}

# The physical network's bridge, as an operator sets it up for Neutron's
# bridge_mappings (physnet1:br-ex): the provider uplink eth2 in a bridge of
# br-int's datapath type. Standalone, as the Sluice agent would create it: a
# learning switch that needs no controller (the agent only patches it to
# br-int; VLAN tags are pushed and popped on br-int). Without a mapping in
# the agent it is an isolated switch on the segment and changes nothing.
setup_br_ex() {  # setup_br_ex PREFIX HOST
    hvsctl "$1" "$2" add-br "$TB_PROVIDER_BRIDGE" \
        -- set Bridge "$TB_PROVIDER_BRIDGE" datapath_type=netdev fail_mode=standalone \
        -- add-port "$TB_PROVIDER_BRIDGE" eth2
}

# OVS keeps its own neighbour cache for tunnel endpoints and drops the first
# packet to an unknown one while it ARPs; seed every peer and keep entries
# for an hour so tests never see that loss. Peer MACs are fixed by the plan,
# so a host can do this before its peers are up.
seed_tunnel_neighbours() {  # seed_tunnel_neighbours PREFIX HOST
    local p=$1 h=$2 peer
    happctl "$p" "$h" tnl/neigh/aging 3600 >/dev/null
    for peer in $(bed_hosts "$p"); do
        [[ $peer == "$h" ]] && continue
        happctl "$p" "$h" tnl/neigh/set br-phy "$(tunnel_ip "$peer")" \
            "$(tunnel_mac "$peer")" >/dev/null
    done
}
