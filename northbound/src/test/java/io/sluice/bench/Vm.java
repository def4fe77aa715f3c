package io.sluice.bench;

/**
 * A measured VM: its namespace and veth pair exist before its port is created (the host end under a
 * temporary name until the port id, and so the os-vif tap name, is known).
 *
 * @param host      the hypervisor it is plugged on
 * @param probeHost the other hypervisor, whose probe VM pings it
 */
record Vm(int index, String host, String probeHost, String namespace, String tempDev, String mac, String ip,
          String vmUuid) {
}
