// The side panel: the details of what is selected (a port's flows included), and the same topology as a
// list a keyboard or a screen reader can walk, whose entries select in the graph too.
import { getJson } from './api.js';
import { isDrawnPort, segmentLabel, short } from './topology.js';

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick') {
      element.addEventListener('click', value);
    } else {
      element.setAttribute(name, value);
    }
  }
  element.append(...children.filter((c) => c !== null && c !== undefined));
  return element;
}

function facts(rows) {
  return el('dl', {}, ...rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))]));
}

/** Details of one selected node (its data from topology.js) in the panel. */
export async function showDetails(panel, session, data, node) {
  panel.replaceChildren();
  const topo = data.topology;
  const find = (list, id) => list.find((x) => x.id === id);
  switch (node.kind) {
    case 'port': {
      const port = find(data.ports, node.ref);
      const binding = topo.ports[port.id] || {};
      const network = find(data.networks, port.network_id);
      panel.append(el('h2', {}, `Port ${port.name || short(port.id)}`), facts([
        ['ID', port.id], ['Status', port.status], ['MAC', port.mac_address],
        ['IPs', port.fixed_ips.map((f) => f.ip_address).join(', ')],
        ['Host', binding.host || 'not bound'],
        ['Network', network ? `${network.name} (${segmentLabel(topo.networks[network.id] || {})})` : port.network_id],
        ['MPLS label', binding.mpls_label], ['Device', [port.device_owner, port.device_id].filter(Boolean).join(' ')],
      ]));
      const flows = el('section', { 'aria-live': 'polite' }, el('h3', {}, 'Flows Sluice owns for it'), el('p', {}, 'loading…'));
      panel.append(flows);
      try {
        const answer = await getJson(session, `/sluice/v1/ports/${port.id}/flows`);
        flows.replaceChildren(el('h3', {}, 'Flows Sluice owns for it'), ...flowTables(answer));
      } catch (e) {
        flows.replaceChildren(el('h3', {}, 'Flows Sluice owns for it'), el('p', {}, e.message));
      }
      break;
    }
    case 'network': {
      const network = find(data.networks, node.ref);
      const segment = topo.networks[network.id] || {};
      panel.append(el('h2', {}, `Network ${network.name || short(network.id)}`), facts([
        ['ID', network.id], ['Segment', segmentLabel(segment)], ['MTU', network.mtu],
        ['External', network['router:external'] ? 'yes' : 'no'], ['Shared', network.shared ? 'yes' : 'no'],
        ['Project', network.project_id], ['Status', network.status],
      ]));
      break;
    }
    case 'subnet': {
      const subnet = find(data.subnets, node.ref);
      panel.append(el('h2', {}, `Subnet ${subnet.name || short(subnet.id)}`), facts([
        ['CIDR', subnet.cidr], ['Gateway', subnet.gateway_ip || 'none'], ['DHCP', subnet.enable_dhcp ? 'on' : 'off'],
        ['Pools', (subnet.allocation_pools || []).map((p) => `${p.start}–${p.end}`).join(', ')], ['ID', subnet.id],
      ]));
      break;
    }
    case 'router': {
      const router = find(data.routers, node.ref);
      const gateway = router.external_gateway_info;
      const interfaces = data.ports.filter((p) => p.device_owner === 'network:router_interface' && p.device_id === router.id);
      panel.append(el('h2', {}, `Router ${router.name || short(router.id)}`), facts([
        ['ID', router.id], ['Host (L3 agent)', topo.routers[router.id]?.host || 'not scheduled'],
        ['Gateway', gateway ? gateway.external_fixed_ips.map((f) => f.ip_address).join(', ') : 'none'],
        ['SNAT', gateway ? (gateway.enable_snat ? 'on' : 'off') : null],
        ['Interfaces', interfaces.map((p) => p.fixed_ips.map((f) => f.ip_address).join(' ')).join(', ')],
        ['Status', router.status],
      ]));
      break;
    }
    case 'fip': {
      const fip = find(data.floatingips, node.ref);
      panel.append(el('h2', {}, `Floating IP ${fip.floating_ip_address}`), facts([
        ['Fixed IP', fip.fixed_ip_address || 'not associated'], ['Port', fip.port_id], ['Router', fip.router_id],
        ['Status', fip.status], ['ID', fip.id],
      ]));
      break;
    }
    case 'host': {
      const health = topo.hosts.find((h) => h.host === node.ref);
      panel.append(el('h2', {}, node.ref ? `Host ${node.ref}` : 'Unbound ports'), facts([
        ['Agent', health ? `${health.agent_type}${health.l3 ? ' + L3' : ''}` : null],
        ['Agent state', node.state === 'dead' ? 'DEAD (no heartbeats)' : node.state],
        ['Connected', health ? (health.connected ? 'yes' : 'no') : null],
      ]));
      break;
    }
    default:
      break;
  }
}

function flowTables(answer) {
  if (answer.switches.length === 0) {
    return [el('p', {}, 'None: the port is not plugged on any switch Sluice programs.')];
  }
  return answer.switches.map((sw) => el('div', { class: 'flows' },
    el('h4', {}, `${sw.host} (${sw.datapath_id})${sw.host === answer.host ? ', its own switch' : ''}: `
      + `${sw.flows.length} flows, ${sw.installed ? 'installed' : 'being installed'}`),
    el('table', {},
      el('thead', {}, el('tr', {}, ...['table', 'priority', 'owner'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...sw.flows.flatMap((f) => [
        el('tr', { class: 'flow' }, el('td', {}, f.table), el('td', {}, String(f.priority)), el('td', {}, f.owner)),
        el('tr', { class: 'flow-body' }, el('td', { colspan: '3', class: 'code' },
          el('div', {}, `match ${f.match}`), el('div', {}, `then ${f.instructions.join(' ')}`)))])))));
}

/** The topology as nested lists; each entry a button that selects its node. */
export function renderList(container, data, onPick) {
  const topo = data.topology;
  const pick = (id, label) => el('button', { type: 'button', class: 'link', 'data-node': id, onclick: () => onPick(id) }, label);
  const subnetsOf = (id) => data.subnets.filter((s) => s.network_id === id);
  const networks = el('ul', {}, ...data.networks.map((n) => el('li', {},
    pick(`net:${n.id}`, `${n.name || short(n.id)} — ${n['router:external'] ? 'external, ' : ''}${segmentLabel(topo.networks[n.id] || {})}`),
    el('ul', {}, ...subnetsOf(n.id).map((s) => el('li', {}, pick(`subnet:${s.id}`, `${s.name || 'subnet'} ${s.cidr}`)))))));
  const routers = el('ul', {}, ...data.routers.map((r) => el('li', {},
    pick(`router:${r.id}`, `${r.name || short(r.id)}${topo.routers[r.id]?.host ? ` on ${topo.routers[r.id].host}` : ''}`))));
  const ports = data.ports.filter(isDrawnPort);
  const hostOf = (p) => topo.ports[p.id]?.host || '';
  const health = new Map(topo.hosts.map((h) => [h.host, h]));
  const names = [...new Set([...health.keys(), ...ports.map(hostOf)])].sort();
  const hosts = el('ul', {}, ...names.map((name) => {
    const mine = ports.filter((p) => hostOf(p) === name);
    const h = health.get(name);
    const agent = !name ? 'no host' : !h ? 'no agent' : h.alive ? 'agent alive' : 'agent DEAD';
    return el('li', { 'data-host': name, 'data-state': !h ? 'unknown' : h.alive ? 'alive' : 'dead' },
      pick(`host:${name}`, `${name || 'not bound'}: ${agent}, ${mine.length} ports`),
      el('details', {}, el('summary', {}, `ports on ${name || 'no host'}`), el('ul', {}, ...mine.map((p) => el('li', {},
        pick(`port:${p.id}`, `${p.name || short(p.id)} ${p.fixed_ips.map((f) => f.ip_address).join(' ')} ${p.status}`))))));
  }));
  const fips = el('ul', {}, ...data.floatingips.map((f) => el('li', {},
    pick(`fip:${f.id}`, `${f.floating_ip_address}${f.fixed_ip_address ? ` → ${f.fixed_ip_address}` : ''}`))));
  container.replaceChildren(
    el('h3', {}, `Networks (${data.networks.length})`), networks,
    el('h3', {}, `Routers (${data.routers.length})`), routers,
    el('h3', {}, `Floating IPs (${data.floatingips.length})`), fips,
    el('h3', {}, `Hosts (${names.length})`), hosts);
}
