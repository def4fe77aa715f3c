# shellcheck shell=bash
# VMs, os-vif style: a namespace joined to br-int by a veth pair whose host
# end is named after the Neutron port and carries its ids in external_ids,
# which is what the Sluice agent watches. Sourced after testbed-lib.sh.
#
# Record: STATE_DIR/vms/NAME holds "HOST PORT_ID TAP MAC".

vm_record() { printf '%s/vms/%s' "$(bed_dir "$1")" "$2"; }

list_vms() {  # list_vms PREFIX -> names of recorded VMs
    local f
    for f in "$(bed_dir "$1")"/vms/*; do
        [[ -e $f ]] && basename "$f"
    done
    return 0
}

validate_vm_args() {  # validate_vm_args NAME PORT_ID MAC IP OFPORT MTU
    [[ $1 =~ ^[A-Za-z0-9_]([A-Za-z0-9_-]{0,30})$ ]] ||
        die "VM name '$1' must be 1-31 of [A-Za-z0-9_-]"
    [[ $2 =~ ^[0-9a-fA-F-]{11,36}$ ]] || die "port id '$2' is not a UUID"
    [[ $3 =~ ^([0-9a-f]{2}:){5}[0-9a-f]{2}$ ]] || die "MAC '$3' is not aa:bb:cc:dd:ee:ff"
    [[ -z $4 || $4 =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$ ]] || die "--ip '$4' is not A.B.C.D/LEN"
    [[ -z $5 || ($5 =~ ^[0-9]+$ && $5 -ge 1 && $5 -le 65279) ]] || die "--ofport must be 1..65279"
    [[ $6 =~ ^[0-9]+$ && $6 -ge 576 && $6 -le 9000 ]] || die "--mtu must be 576..9000"
}

# The Sluice agent creates br-int; a test may plug right after starting it.
wait_br_int() {  # wait_br_int PREFIX HOST
    hvsctl "$1" "$2" --timeout=10 wait-until Bridge br-int >/dev/null 2>&1 ||
        die "br-int did not appear on $2 within 10 s (is the agent running?)"
}

# Veth pair from the host namespace into a fresh VM namespace; the VM end
# gets the port's MAC and, for static tests, an address (else DHCP later).
# Both ends take the network's MTU, as os-vif gives the tap.
make_vm_link() {  # make_vm_link PREFIX HOST VM TAP MAC IP MTU
    local hns vns
    hns=$(host_ns "$1" "$2")
    vns=$(vm_ns "$1" "$3")
    make_ns "$vns"
    ip -n "$hns" link add "$4" mtu "$7" type veth \
        peer name eth0 netns "$vns" address "$5" mtu "$7"
    [[ -n $6 ]] && ip -n "$vns" addr add "$6" dev eth0
    ip -n "$vns" link set eth0 up
    ip -n "$hns" link set "$4" up
    tx_off "$vns" eth0
    tx_off "$hns" "$4"
}

attach_to_br_int() {  # attach_to_br_int PREFIX HOST VM TAP PORT_ID MAC OFPORT
    local -a request=()
    [[ -n $7 ]] && request=("ofport_request=$7")
    hvsctl "$1" "$2" add-port br-int "$4" -- set Interface "$4" \
        "external_ids:iface-id=$5" "external_ids:attached-mac=$6" \
        external_ids:iface-status=active "external_ids:vm-uuid=$(vm_uuid "$1" "$3")" \
        "${request[@]}"
}

# OVS quietly picks another number when the requested one is taken; a test
# that relies on the number must fail here, not later on a wrong flow.
check_ofport() {  # check_ofport PREFIX HOST TAP OFPORT
    local got
    [[ -z $4 ]] && return 0
    got=$(hvsctl "$1" "$2" get Interface "$3" ofport)
    [[ $got == "$4" ]] || die "ofport $4 is taken on $2 ($3 got $got)"
}

plug_vm() {  # plug_vm PREFIX HOST VM PORT_ID MAC IP OFPORT [MTU]
    local p=$1 h=$2 vm=$3 port=$4 mac=$5 ip=$6 ofport=$7 mtu=${8:-$TB_VM_MTU} tap
    is_ovs_host "$p" "$h" || die "no host '$h' in bed $p"
    validate_vm_args "$vm" "$port" "$mac" "$ip" "$ofport" "$mtu"
    tap=$(tap_name "$port")
    ns_exists "$(vm_ns "$p" "$vm")" && die "VM $vm exists"
    ip -n "$(host_ns "$p" "$h")" link show "$tap" >/dev/null 2>&1 &&
        die "$tap exists on $h: port ids must differ in their first 11 characters"
    wait_br_int "$p" "$h"
    mkdir -p "$(bed_dir "$p")/vms"
    # Recorded first, so unplug (and down) can undo a plug that fails halfway.
    echo "$h $port $tap $mac" >"$(vm_record "$p" "$vm")"
    undo_on_failure unplug_vm "$p" "$vm" "$h"
    make_vm_link "$p" "$h" "$vm" "$tap" "$mac" "$ip" "$mtu"
    attach_to_br_int "$p" "$h" "$vm" "$tap" "$port" "$mac" "$ofport"
    check_ofport "$p" "$h" "$tap" "$ofport"
    undo_clear
    log "plugged $vm on $h: $tap port $port mac $mac${ip:+ ip $ip}"
}

# The tap to remove: from the record, else found by the derived vm-uuid.
vm_tap() {  # vm_tap PREFIX HOST VM
    local rec
    if rec=$(cat "$(vm_record "$1" "$3")" 2>/dev/null); then
        awk '{print $3}' <<<"$rec"
    else
        hvsctl "$1" "$2" --bare --columns=name find Interface \
            "external_ids:vm-uuid=$(vm_uuid "$1" "$3")" 2>/dev/null || true
    fi
}

vm_host() {  # vm_host PREFIX VM -> recorded host, or nothing
    awk '{print $1}' "$(vm_record "$1" "$2")" 2>/dev/null || true
}

# Tolerates every piece being absent already.
unplug_vm() {  # unplug_vm PREFIX VM [HOST]
    local p=$1 vm=$2 h=${3:-} tap vns
    local -a pids
    [[ -n $h ]] || h=$(vm_host "$p" "$vm")
    vns=$(vm_ns "$p" "$vm")
    if [[ -n $h ]]; then
        tap=$(vm_tap "$p" "$h" "$vm")
        if [[ -n $tap ]]; then
            hvsctl "$p" "$h" --if-exists del-port "$tap" || true
            ip -n "$(host_ns "$p" "$h")" link del "$tap" 2>/dev/null || true
        fi
    fi
    if ns_exists "$vns"; then
        mapfile -t pids < <(ip netns pids "$vns")
        terminate_pids 20 "${pids[@]}"
        ip netns del "$vns"
    fi
    rm -rf "/etc/netns/$vns"
    rm -f "$(vm_record "$p" "$vm")"
}

# Live migration as the hypervisors see it: the VM (its namespace, address
# and neighbour entries) stays as it is while its host end leaves the old
# host's br-int and joins the new one's with the same ids, as Nova's unplug on
# the source and os-vif's plug on the destination leave them.
move_vm() {  # move_vm PREFIX VM TO_HOST
    local p=$1 vm=$2 to=$3 h port tap mac
    is_ovs_host "$p" "$to" || die "no host '$to' in bed $p"
    read -r h port tap mac 2>/dev/null <"$(vm_record "$p" "$vm")" || die "no VM $vm"
    [[ $h != "$to" ]] || die "VM $vm is on $to already"
    wait_br_int "$p" "$to"
    hvsctl "$p" "$h" del-port br-int "$tap"
    ip -n "$(host_ns "$p" "$h")" link set "$tap" netns "$(host_ns "$p" "$to")"
    echo "$to $port $tap $mac" >"$(vm_record "$p" "$vm")"
    ip -n "$(host_ns "$p" "$to")" link set "$tap" up
    tx_off "$(host_ns "$p" "$to")" "$tap"
    attach_to_br_int "$p" "$to" "$vm" "$tap" "$port" "$mac" ""
    log "moved $vm from $h to $to: $tap port $port"
}

vm_status() {  # vm_status PREFIX VM: one line; 1 if its namespace or port is gone
    local p=$1 vm=$2 h port tap mac ok=0 ofport
    read -r h port tap mac <"$(vm_record "$p" "$vm")"
    ns_exists "$(vm_ns "$p" "$vm")" || ok=1
    ofport=$(hvsctl "$p" "$h" --timeout=2 get Interface "$tap" ofport 2>/dev/null) || {
        ofport=missing
        ok=1
    }
    printf 'vm %-10s on %-5s %-12s ofport %-6s %s %s %s\n' \
        "$vm" "$h" "$tap" "$ofport" "$(ns_addr "$(vm_ns "$p" "$vm")" eth0)" "$mac" "$port"
    return "$ok"
}

emit_vms() {  # emit_vms PREFIX: VMS and per-VM facts for `env`
    local p=$1 vm V h port tap mac
    emit VMS "$(list_vms "$p" | paste -sd' ' -)"
    for vm in $(list_vms "$p"); do
        read -r h port tap mac <"$(vm_record "$p" "$vm")"
        V=VM_$(tr 'a-z-' 'A-Z_' <<<"$vm")
        emit "${V}_HOST" "$h"
        emit "${V}_NS" "$(vm_ns "$p" "$vm")"
        emit "${V}_PORT_ID" "$port"
        emit "${V}_TAP" "$tap"
        emit "${V}_MAC" "$mac"
        emit "${V}_UUID" "$(vm_uuid "$p" "$vm")"
    done
}

# Live migration in Nova's steps (the VM's network state, address, routes and
# neighbour entries, survives as QEMU carries it over). The destination's link
# is eth1 in the VM namespace, host end TAPm, recorded in VM.migration.
migration_record() { printf '%s.migration' "$(vm_record "$1" "$2")"; }

prepare_migration() {  # prepare_migration PREFIX VM TO
    local p=$1 vm=$2 to=$3 h port tap mac tap2 hns vns mtu
    is_ovs_host "$p" "$to" || die "no host '$to' in bed $p"
    read -r h port tap mac 2>/dev/null <"$(vm_record "$p" "$vm")" || die "no VM $vm"
    [[ $h != "$to" ]] || die "VM $vm is on $to already"
    tap2="${tap:0:13}m"
    hns=$(host_ns "$p" "$to")
    vns=$(vm_ns "$p" "$vm")
    wait_br_int "$p" "$to"
    mtu=$(ip -n "$(host_ns "$p" "$h")" -o link show "$tap" |
        awk '{for (i = 1; i < NF; i++) if ($i == "mtu") print $(i + 1)}')
    echo "$to $tap2" >"$(migration_record "$p" "$vm")"
    ip -n "$hns" link add "$tap2" mtu "$mtu" type veth peer name eth1 netns "$vns" address "$mac" mtu "$mtu"
    ip -n "$hns" link set "$tap2" up
    tx_off "$vns" eth1
    tx_off "$hns" "$tap2"
    attach_to_br_int "$p" "$to" "$vm" "$tap2" "$port" "$mac" ""
    log "prepared the migration of $vm to $to: $tap2 plugged, eth1 down in the VM"
}

switch_migration() {  # switch_migration PREFIX VM TO
    local p=$1 vm=$2 to=$3 dest tap2 vns batch
    read -r dest tap2 2>/dev/null <"$(migration_record "$p" "$vm")" || die "no migration of $vm prepared"
    [[ $dest == "$to" ]] || die "the migration of $vm was prepared for $dest"
    vns=$(vm_ns "$p" "$vm")
    batch=$(
        echo "link set eth0 down"
        echo "link set eth1 up"
        ip -n "$vns" -4 -o addr show dev eth0 | awk '{print "addr add", $4, "dev eth1"}'
        ip -n "$vns" -4 neigh show dev eth0 | awk '$2 == "lladdr" {print "neigh replace", $1, "lladdr", $3, "dev eth1 nud reachable"}'
        ip -n "$vns" -4 route show | awk '/ via / {print "route replace", $0}' | sed 's/ dev eth0/ dev eth1/'
    )
    ip -n "$vns" -batch - <<<"$batch"
    nsenter --net="/run/netns/$vns" arping -q -U -c 1 -I eth1 "$(ip -n "$vns" -4 -o addr show dev eth1 | awk '{split($4, a, "/"); print a[1]; exit}')" || true
    log "switched $vm to $to"
}

finish_migration() {  # finish_migration PREFIX VM TO
    local p=$1 vm=$2 to=$3 h port tap mac dest tap2
    read -r h port tap mac <"$(vm_record "$p" "$vm")"
    read -r dest tap2 <"$(migration_record "$p" "$vm")" || die "no migration of $vm prepared"
    hvsctl "$p" "$h" --if-exists del-port br-int "$tap"
    ip -n "$(host_ns "$p" "$h")" link del "$tap" 2>/dev/null || true
    echo "$dest $port $tap2 $mac" >"$(vm_record "$p" "$vm")"
    rm -f "$(migration_record "$p" "$vm")"
    log "finished the migration of $vm: $h unplugged, on $dest as $tap2"
}
