// The picture as data: Neutron's resources and Sluice's topology endpoint turned into graph nodes and edges
// with positions. Pure (no DOM), so the same input always draws the same picture, and a change moves only
// what it touches.
//
// Rows from the top: external networks with their floating IPs; routers; tenant networks (each a box of its
// subnets); hypervisors and network nodes (each a box of the ports bound to it, in a grid).

const GAP = 60;
const SUBNET_W = 170;
const PORT_STEP = 70;
const ROW_Y = { external: 0, routers: 170, networks: 330, hosts: 520 };

/** Resources an admin looking at one project sees: that project's, plus external and shared networks. */
export function forProject(data, projectId) {
  if (!projectId) {
    return data;
  }
  const open = new Set(data.networks.filter((n) => n['router:external'] || n.shared).map((n) => n.id));
  const networks = data.networks.filter((n) => n.project_id === projectId || open.has(n.id));
  const kept = new Set(networks.map((n) => n.id));
  return {
    ...data,
    networks,
    subnets: data.subnets.filter((s) => kept.has(s.network_id) && (s.project_id === projectId || open.has(s.network_id))),
    ports: data.ports.filter((p) => p.project_id === projectId),
    routers: data.routers.filter((r) => r.project_id === projectId),
    floatingips: data.floatingips.filter((f) => f.project_id === projectId),
  };
}

/** Ports drawn as nodes: VMs and anything else bound to a host; router and floating IP ports become edges. */
export function isDrawnPort(port) {
  const owner = port.device_owner || '';
  return !owner.startsWith('network:router') && owner !== 'network:floatingip' && owner !== 'network:dhcp';
}

export function build(data) {
  const topo = data.topology;
  const nodes = [];
  const edges = [];
  const subnetsOf = groupBy(data.subnets, (s) => s.network_id);
  const hostOf = (portId) => topo.ports[portId]?.host || '';
  const knownSubnets = new Set(data.subnets.map((s) => s.id));
  const knownNetworks = new Set(data.networks.map((n) => n.id));
  // A port or router interface meets its subnet; without a known subnet, its network.
  const target = (fixedIp, networkId) => {
    if (fixedIp && knownSubnets.has(fixedIp.subnet_id)) {
      return `subnet:${fixedIp.subnet_id}`;
    }
    return knownNetworks.has(networkId) ? `net:${networkId}` : null;
  };
  const external = data.networks.filter((n) => n['router:external']);
  const tenant = data.networks.filter((n) => !n['router:external']);

  let x = 0;
  for (const network of external) {
    x = placeNetwork(nodes, network, subnetsOf.get(network.id) || [], topo, x, ROW_Y.external);
  }
  for (const fip of data.floatingips) {
    nodes.push({
      data: { id: `fip:${fip.id}`, kind: 'fip', label: fip.floating_ip_address, ref: fip.id,
        tip: `floating IP ${fip.floating_ip_address}${fip.fixed_ip_address ? ` → ${fip.fixed_ip_address}` : ''} (${fip.status})` },
      classes: `fip ${fip.status === 'ACTIVE' ? 'active' : 'down'}`,
      position: { x: x + GAP, y: ROW_Y.external },
    });
    x += 130;
    if (fip.port_id) {
      edges.push(edge(`fip:${fip.id}`, `port:${fip.port_id}`, 'nat', ''));
    }
  }

  data.routers.forEach((router, i) => {
    const host = topo.routers[router.id]?.host || '';
    nodes.push({
      data: { id: `router:${router.id}`, kind: 'router', ref: router.id, label: router.name || short(router.id),
        tip: `router ${router.name || router.id}${host ? ` on ${host}` : ' (not scheduled)'}` },
      classes: `router ${router.admin_state_up === false ? 'down' : ''}`,
      position: { x: i * 220, y: ROW_Y.routers },
    });
    const gateway = router.external_gateway_info;
    for (const ip of gateway?.external_fixed_ips || []) {
      edges.push(edge(`router:${router.id}`, target({ subnet_id: ip.subnet_id }, gateway.network_id), 'gateway', ip.ip_address));
    }
  });

  x = 0;
  for (const network of tenant) {
    x = placeNetwork(nodes, network, subnetsOf.get(network.id) || [], topo, x, ROW_Y.networks);
  }

  const drawn = [];
  for (const port of data.ports) {
    if (port.device_owner === 'network:router_interface') {
      const to = target(port.fixed_ips[0], port.network_id);
      if (to && data.routers.some((r) => r.id === port.device_id)) {
        edges.push(edge(`router:${port.device_id}`, to, 'interface', port.fixed_ips.map((f) => f.ip_address).join(' ')));
      }
    } else if (isDrawnPort(port)) {
      drawn.push(port);
    }
  }

  const byHost = groupBy(drawn, (p) => hostOf(p.id));
  const hosts = topo.hosts.map((h) => h.host);
  for (const host of byHost.keys()) {
    if (host && !hosts.includes(host)) {
      hosts.push(host);
    }
  }
  const health = new Map(topo.hosts.map((h) => [h.host, h]));
  x = 0;
  for (const host of [...hosts.sort(), ...(byHost.has('') ? [''] : [])]) {
    x = placeHost(nodes, edges, host, health.get(host), byHost.get(host) || [], topo, target, x);
  }
  // Edges whose end is not drawn (a floating IP's port of another project) are left out.
  const ids = new Set(nodes.map((n) => n.data.id));
  return { nodes, edges: edges.filter((e) => e.data.target && ids.has(e.data.source) && ids.has(e.data.target)) };
}

function placeNetwork(nodes, network, subnets, topo, x, y) {
  const segment = topo.networks[network.id] || {};
  const type = network['router:external'] ? 'external' : segment.type || 'unknown';
  const segmentText = segmentLabel(segment);
  nodes.push({
    data: { id: `net:${network.id}`, kind: 'network', ref: network.id,
      label: `${network.name || short(network.id)}  ·  ${segmentText}`,
      tip: `network ${network.name || network.id}: ${segmentText}${network.shared ? ', shared' : ''}` },
    classes: `network ${type} ${segment.type || ''}`,
    // A network without subnets has no children to size its box: it sits where its first subnet would.
    position: { x: x + SUBNET_W / 2, y },
  });
  subnets.forEach((subnet, i) => {
    nodes.push({
      data: { id: `subnet:${subnet.id}`, parent: `net:${network.id}`, kind: 'subnet', ref: subnet.id,
        label: `${subnet.name || 'subnet'}\n${subnet.cidr}`, tip: `subnet ${subnet.cidr}, gateway ${subnet.gateway_ip || 'none'}` },
      classes: 'subnet',
      position: { x: x + SUBNET_W / 2 + i * SUBNET_W, y },
    });
  });
  return x + Math.max(1, subnets.length) * SUBNET_W + GAP;
}

export function segmentLabel(segment) {
  switch (segment.type) {
    case 'vxlan':
      return `VXLAN VNI ${segment.segmentation_id}`;
    case 'mpls':
      return 'MPLS (label per port)';
    case 'vlan':
      return `VLAN ${segment.segmentation_id} on ${segment.physical_network}`;
    case 'flat':
      return `flat on ${segment.physical_network}`;
    default:
      return 'segment hidden';
  }
}

// A host is a box drawn behind its ports, not a Cytoscape compound node: a compound parent of hundreds of
// children made every added child restyle all its siblings (seconds with 500 ports).
function placeHost(nodes, edges, host, health, ports, topo, target, x) {
  const id = host ? `host:${host}` : 'host:';
  const state = !host ? 'unbound' : !health ? 'unknown' : health.alive ? 'alive' : 'dead';
  const columns = Math.max(3, Math.ceil(Math.sqrt(ports.length * 1.5)));
  const rows = Math.max(1, Math.ceil(ports.length / columns));
  const role = health?.l3 ? 'network node' : 'hypervisor';
  const width = columns * PORT_STEP;
  const height = rows * PORT_STEP + 10;
  nodes.push({
    data: { id, kind: 'host', ref: host, state, w: width, h: height,
      label: host ? `${host}: ${state === 'dead' ? 'AGENT DEAD' : state === 'alive' ? 'alive' : 'no agent'}` : 'not bound',
      tip: host ? `${role} ${host}: agent ${state}` : 'ports no host holds yet' },
    classes: `host ${state}`,
    position: { x: x + width / 2, y: ROW_Y.hosts + height / 2 - PORT_STEP / 2 },
  });
  ports.forEach((port, i) => {
    const binding = topo.ports[port.id] || {};
    const label = binding.mpls_label != null ? `, label ${binding.mpls_label}` : '';
    nodes.push({
      data: { id: `port:${port.id}`, kind: 'port', ref: port.id, host,
        label: port.name || port.fixed_ips[0]?.ip_address || short(port.id),
        tip: `port ${port.name || port.id}: ${port.fixed_ips.map((f) => f.ip_address).join(', ')} ${port.status}${label}` },
      classes: `port ${port.status === 'ACTIVE' ? 'active' : 'down'}`,
      position: { x: x + PORT_STEP / 2 + (i % columns) * PORT_STEP, y: ROW_Y.hosts + Math.floor(i / columns) * PORT_STEP },
    });
    edges.push(edge(`port:${port.id}`, target(port.fixed_ips[0], port.network_id), 'attach', ''));
  });
  return x + width + GAP;
}

function edge(source, target, kind, label) {
  return { data: { id: `${kind}:${source}>${target}:${label}`, source, target, kind, label }, classes: kind };
}

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) {
      groups.set(k, []);
    }
    groups.get(k).push(item);
  }
  return groups;
}

export function short(id) {
  return id.slice(0, 8);
}
