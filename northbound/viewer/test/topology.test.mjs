// topology.js on a small demo-like cloud, with node's own test runner (Maven runs it in the test phase).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, forProject, isDrawnPort } from '../src/topology.js';

const net = (id, project, extra = {}) => ({ id, name: id, project_id: project, shared: false, 'router:external': false, ...extra });
const subnet = (id, network, project, cidr) => ({ id, name: id, network_id: network, project_id: project, cidr });
const port = (id, network, subnetId, project, extra = {}) => ({ id, name: id, network_id: network, project_id: project,
  fixed_ips: [{ subnet_id: subnetId, ip_address: '10.0.0.9' }], status: 'ACTIVE', device_owner: 'compute:nova', ...extra });

function cloud() {
  return {
    networks: [net('pub', 'admin', { 'router:external': true }), net('demo', 'admin'), net('red', 'red')],
    subnets: [subnet('pub-s', 'pub', 'admin', '203.0.113.0/24'), subnet('demo-s', 'demo', 'admin', '10.0.0.0/24'),
      subnet('red-s', 'red', 'red', '10.1.0.0/24')],
    ports: [port('vm1', 'demo', 'demo-s', 'admin'), port('vm2', 'demo', 'demo-s', 'admin'), port('rvm', 'red', 'red-s', 'red'),
      port('ri', 'demo', 'demo-s', 'admin', { device_owner: 'network:router_interface', device_id: 'r1' }),
      port('fipport', 'pub', 'pub-s', 'admin', { device_owner: 'network:floatingip' })],
    routers: [{ id: 'r1', name: 'r1', project_id: 'admin',
      external_gateway_info: { network_id: 'pub', external_fixed_ips: [{ subnet_id: 'pub-s', ip_address: '203.0.113.10' }] } }],
    floatingips: [{ id: 'f1', project_id: 'admin', floating_ip_address: '203.0.113.11', port_id: 'vm2', status: 'ACTIVE' }],
    topology: {
      networks: { pub: { type: 'flat', physical_network: 'physnet1' }, demo: { type: 'vxlan', segmentation_id: 1000 },
        red: { type: 'mpls', segmentation_id: 7 } },
      ports: { vm1: { host: 'hv1' }, vm2: { host: 'hv2' }, rvm: { host: 'hv1', mpls_label: 16 } },
      routers: { r1: { host: 'net1' } },
      hosts: [{ host: 'hv1', alive: true }, { host: 'hv2', alive: false }, { host: 'net1', alive: true, l3: true }],
    },
  };
}

const ids = (elements, kind) => elements.nodes.filter((n) => n.data.kind === kind).map((n) => n.data.id).sort();

test('draws networks, subnets, the router, the floating IP, hosts and VM ports', () => {
  const drawn = build(cloud());
  assert.deepEqual(ids(drawn, 'port'), ['port:rvm', 'port:vm1', 'port:vm2']);
  assert.deepEqual(ids(drawn, 'host'), ['host:hv1', 'host:hv2', 'host:net1']);
  assert.deepEqual(ids(drawn, 'router'), ['router:r1']);
  assert.deepEqual(drawn.edges.map((e) => e.data.kind).sort(), ['attach', 'attach', 'attach', 'gateway', 'interface', 'nat']);
  const mpls = drawn.nodes.find((n) => n.data.id === 'net:red');
  assert.match(mpls.classes, /mpls/);
  assert.match(drawn.nodes.find((n) => n.data.id === 'net:demo').data.label, /VXLAN VNI 1000/);
  assert.match(drawn.nodes.find((n) => n.data.id === 'port:rvm').data.tip, /label 16/);
});

test('a dead agent marks its host', () => {
  const hv2 = build(cloud()).nodes.find((n) => n.data.id === 'host:hv2');
  assert.equal(hv2.data.state, 'dead');
  assert.match(hv2.data.label, /AGENT DEAD/);
});

test('one project keeps its own resources and the external network', () => {
  const red = forProject(cloud(), 'red');
  assert.deepEqual(red.networks.map((n) => n.id).sort(), ['pub', 'red']);
  assert.deepEqual(red.ports.map((p) => p.id), ['rvm']);
  assert.deepEqual(red.routers, []);
  const drawn = build(red);
  // No edge to what is not drawn (the router of another project, the floating IP's port).
  assert.deepEqual(drawn.edges.map((e) => e.data.target), ['subnet:red-s']);
});

test('the same input gives the same picture', () => {
  assert.deepEqual(build(cloud()), build(cloud()));
  assert.equal(isDrawnPort({ device_owner: 'network:router_gateway' }), false);
  assert.equal(isDrawnPort({ device_owner: '' }), true);
});
