// The drawing: Cytoscape.js on a canvas, with positions given by topology.js (no layout run, so 500 ports
// draw at once and a change moves nothing else). update() applies only the difference to what is drawn.
import cytoscape from 'cytoscape';

export const COLORS = {
  vxlan: '#2563eb',
  mpls: '#9333ea',
  provider: '#059669',
  external: '#0f766e',
  router: '#ea580c',
  fip: '#ca8a04',
  active: '#16a34a',
  down: '#6b7280',
  dead: '#dc2626',
};

const STYLE = [
  { selector: 'node', style: {
    label: 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'min-zoomed-font-size': 7,
    'font-family': 'system-ui, sans-serif', color: '#111827',
  } },
  { selector: 'node.network', style: {
    shape: 'round-rectangle', 'background-opacity': 0.08, 'border-width': 3, 'text-valign': 'top',
    'text-halign': 'center', 'font-weight': 'bold', padding: 12, 'min-width': 140, 'min-height': 40,
  } },
  { selector: 'node.vxlan', style: { 'border-color': COLORS.vxlan, 'background-color': COLORS.vxlan } },
  { selector: 'node.mpls', style: {
    'border-color': COLORS.mpls, 'background-color': COLORS.mpls, 'border-style': 'double', 'border-width': 5,
  } },
  { selector: 'node.flat, node.vlan', style: { 'border-color': COLORS.provider, 'background-color': COLORS.provider } },
  { selector: 'node.external', style: {
    'border-color': COLORS.external, 'background-color': COLORS.external, 'border-style': 'dashed',
  } },
  { selector: 'node.subnet', style: {
    shape: 'round-rectangle', width: 140, height: 34, 'background-color': '#f9fafb', 'border-width': 1,
    'border-color': '#9ca3af', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 10,
  } },
  { selector: 'node.router', style: {
    shape: 'diamond', width: 44, height: 44, 'background-color': COLORS.router, 'text-valign': 'bottom',
    'text-margin-y': 4,
  } },
  { selector: 'node.fip', style: {
    shape: 'tag', width: 30, height: 20, 'background-color': COLORS.fip, 'text-valign': 'bottom', 'font-size': 10,
  } },
  { selector: 'node.host', style: {
    shape: 'rectangle', width: 'data(w)', height: 'data(h)', 'background-color': '#f3f4f6', 'border-width': 2,
    'border-color': '#374151', 'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold',
    'text-margin-y': -4, 'z-index': 0,
  } },
  { selector: 'node.host.dead', style: {
    'border-color': COLORS.dead, 'border-style': 'dashed', 'border-width': 4, 'background-color': '#fee2e2',
    color: COLORS.dead,
  } },
  { selector: 'node.host.unbound, node.host.unknown', style: { 'border-style': 'dotted', 'border-color': '#9ca3af' } },
  { selector: 'node.port', style: {
    shape: 'ellipse', width: 22, height: 22, 'background-color': '#ffffff', 'border-width': 4,
    'text-valign': 'bottom', 'font-size': 9, 'text-margin-y': 2, 'z-index': 10,
  } },
  { selector: 'node.port.active', style: { 'border-color': COLORS.active } },
  // Solid fills only: a dashed border on hundreds of ports was most of a frame on a software canvas.
  { selector: 'node.port.down', style: { 'border-color': COLORS.down, 'background-color': '#d1d5db' } },
  { selector: 'node:selected', style: { 'overlay-color': '#1d4ed8', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#9ca3af', 'curve-style': 'straight', 'font-size': 9 } },
  { selector: 'edge.interface', style: { 'line-color': COLORS.router, width: 2.5, label: 'data(label)' } },
  { selector: 'edge.gateway', style: { 'line-color': COLORS.external, width: 3, label: 'data(label)' } },
  { selector: 'edge.nat', style: { 'line-color': COLORS.fip, 'line-style': 'dashed', width: 2 } },
  { selector: 'edge.attach', style: { 'line-color': '#cbd5e1', width: 1, 'curve-style': 'haystack', 'haystack-radius': 0 } },
];

export class Graph {
  constructor(container, tooltip, onSelect) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      elements: [],
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      pixelRatio: 1,
      autoungrabify: true,
      boxSelectionEnabled: false,
    });
    this.fitted = false;
    this.cy.on('tap', 'node', (e) => onSelect(e.target.data()));
    this.cy.on('mouseover', 'node', (e) => {
      tooltip.textContent = e.target.data('tip');
      tooltip.hidden = false;
    });
    this.cy.on('mousemove', (e) => {
      tooltip.style.left = `${e.renderedPosition.x + 14}px`;
      tooltip.style.top = `${e.renderedPosition.y + 14}px`;
    });
    this.cy.on('mouseout', 'node', () => {
      tooltip.hidden = true;
    });
  }

  /** Calls back once the next frame is drawn; at once when there is nothing to draw. */
  afterDraw(callback) {
    if (this.cy.elements().empty()) {
      callback();
    } else {
      this.cy.one('render', () => callback());
    }
  }

  /** Draws {nodes, edges}: removes what went, adds what came, updates what changed. */
  update({ nodes, edges }) {
    const cy = this.cy;
    const wanted = new Map([...nodes, ...edges].map((e) => [e.data.id, e]));
    cy.batch(() => {
      const existing = new Map();
      cy.elements().forEach((element) => {
        const next = wanted.get(element.id());
        // Cytoscape cannot move a node to another parent in place: such a node is drawn anew.
        if (!next || (element.isNode() && (element.data('parent') || undefined) !== next.data.parent)) {
          cy.remove(element);
        } else {
          existing.set(element.id(), element);
        }
      });
      const fresh = [];
      for (const [id, next] of wanted) {
        const element = existing.get(id);
        if (!element || element.removed()) {
          fresh.push(next);
          continue;
        }
        element.data(next.data);
        element.classes(next.classes);
        if (next.position && element.isNode() && element.isChildless()) {
          element.position(next.position);
        }
      }
      // Nodes before edges, parents before children: one add each.
      cy.add(fresh.filter((e) => !e.data.source));
      cy.add(fresh.filter((e) => e.data.source));
    });
    this.positions = nodes.map((n) => n.position);
    if (!this.fitted && nodes.length > 0) {
      this.fit();
      this.fitted = true;
    }
  }

  select(id) {
    const element = this.cy.getElementById(id);
    this.cy.elements().unselect();
    if (!element.empty()) {
      element.select();
      this.cy.center(element);
    }
  }

  /**
   * Fits the drawing to the window from the positions topology.js gave; Cytoscape's own fit measures every
   * label and box first, which took most of a first draw with 500 ports.
   */
  fit() {
    if (!this.positions?.length) {
      return;
    }
    const xs = this.positions.map((p) => p.x);
    const ys = this.positions.map((p) => p.y);
    // Boxes and labels reach beyond their nodes' centres.
    const margin = 90;
    const left = Math.min(...xs) - margin;
    const top = Math.min(...ys) - margin;
    const width = Math.max(...xs) + margin - left;
    const height = Math.max(...ys) + margin - top;
    const zoom = Math.min(1.5, this.cy.width() / width, this.cy.height() / height);
    this.cy.viewport({
      zoom,
      pan: { x: (this.cy.width() - width * zoom) / 2 - left * zoom, y: (this.cy.height() - height * zoom) / 2 - top * zoom },
    });
  }

  counts() {
    return { nodes: this.cy.nodes().length, edges: this.cy.edges().length };
  }

  /** The window changed size: the whole topology is fitted to it again. */
  resize() {
    this.cy.resize();
    this.fit();
  }
}
