package io.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test's VMs by name, each with its Neutron port as the CLI printed it: created by a project's member, bound
 * to the VM's host as Nova does (with an admin token), and plugged os-vif style on the test bed.
 */
final class VmPorts {
    private final TestBed bed;
    private final OpenStackCli admin;
    private final Map<String, JsonNode> ports = new LinkedHashMap<>();
    private final Map<String, String> hosts = new HashMap<>();

    VmPorts(TestBed bed, OpenStackCli admin) {
        this.bed = bed;
        this.admin = admin;
    }

    /** Creates a VM's port as {@code member} with {@code port create CREATE_ARGS}, and binds it to host. */
    void create(OpenStackCli member, String vm, String host, String... createArgs) {
        List<String> args = new ArrayList<>(List.of("port", "create"));
        args.addAll(List.of(createArgs));
        JsonNode port = member.json(args.toArray(String[]::new));
        admin.ok("port", "set", "--host", host, "--device-owner", "compute:nova", port.path("id").asText());
        ports.put(vm, port);
        hosts.put(vm, host);
    }

    /** Plugs a VM on its host with its network's MTU (as os-vif sets the tap's); a null address leaves it for DHCP. */
    void plug(String vm, String ipCidr) {
        int mtu = admin.json("network", "show", ports.get(vm).path("network_id").asText()).path("mtu").asInt();
        bed.plugVm(hosts.get(vm), vm, id(vm), mac(vm), ipCidr, 0, mtu);
    }

    /**
     * Moves a VM to another host as Nova does without multiple bindings: binding:host_id updated (admin),
     * then the VM's port unplugged from its old host's br-int and plugged into the new host's.
     */
    void move(String vm, String toHost) {
        admin.ok("port", "set", "--host", toHost, id(vm));
        bed.moveVm(vm, toHost);
        hosts.put(vm, toHost);
    }

    /** The VMs, in the order their ports were created. */
    Set<String> names() {
        return ports.keySet();
    }

    String id(String vm) {
        return ports.get(vm).path("id").asText();
    }

    String mac(String vm) {
        return ports.get(vm).path("mac_address").asText();
    }

    /** The port's first fixed address. */
    String ip(String vm) {
        return ports.get(vm).path("fixed_ips").get(0).path("ip_address").asText();
    }
}
