// The viewer page: log in, load the topology (Neutron lists plus Sluice's topology endpoint), draw it, and
// keep it live from the change stream. window.sluiceViewer tells tests (and the curious) what is drawn.
import { AuthError, COLLECTIONS, followChanges, getJson, login, logout, neutronList, savedSession } from './api.js';
import { Graph } from './graph.js';
import { renderList, showDetails } from './panel.js';
import { build, forProject } from './topology.js';

const $ = (id) => document.getElementById(id);
const state = { session: null, data: null, graph: null, project: '', selected: null, pending: new Set(), timer: null };
const status = { ready: false, nodes: 0, edges: 0, hosts: {}, revision: 0, loadMillis: null, renders: 0, live: false,
  phases: { script: Math.round(performance.now()) } };
window.sluiceViewer = status;

function showLogin(message) {
  $('app').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('user').focus();
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    state.session = await login($('user').value, $('password').value, $('project').value);
    start();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

$('logout').addEventListener('click', () => {
  logout();
  location.reload();
});

$('fit').addEventListener('click', () => state.graph?.fit());

$('project-filter').addEventListener('change', () => {
  state.project = $('project-filter').value;
  render();
});

function start() {
  $('login-view').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${state.session.user} in ${state.session.projectName}`;
  state.graph = new Graph($('graph'), $('tooltip'), (node) => select(node.id));
  new ResizeObserver(() => state.graph.resize()).observe($('graph'));
  // Loading starts once the stream is open, so a change made meanwhile is not missed; every reconnection
  // loads everything again for the same reason.
  followChanges(state.session, onEvent, (s) => {
    status.phases.stream ??= Math.round(performance.now());
    status.live = s === 'live';
    $('live').textContent = s === 'live' ? 'live' : 'reconnecting…';
    $('live').className = s;
  }).catch((e) => showLogin(e.message));
}

function onEvent(name, data) {
  if (name === 'ready') {
    COLLECTIONS.forEach((c) => state.pending.add(c));
    state.pending.add('topology');
  } else if (name === 'model') {
    data.kinds.forEach((c) => state.pending.add(c));
    state.pending.add('topology');
  } else if (name === 'hosts') {
    state.pending.add('topology');
  }
  // A burst of changes (a router with its ports) costs one reload.
  clearTimeout(state.timer);
  state.timer = setTimeout(reload, state.data ? 50 : 0);
}

async function reload() {
  const wanted = [...state.pending];
  state.pending.clear();
  try {
    const loaded = await Promise.all(wanted.map((what) => (what === 'topology'
      ? getJson(state.session, '/sluice/v1/topology') : neutronList(state.session, what))));
    status.phases.data ??= Math.round(performance.now());
    state.data = { ...(state.data || {}) };
    wanted.forEach((what, i) => {
      state.data[what] = loaded[i];
    });
    render();
  } catch (e) {
    if (e instanceof AuthError) {
      showLogin(e.message);
    } else {
      $('live').textContent = `error: ${e.message}`;
      wanted.forEach((w) => state.pending.add(w));
    }
  }
}

function render() {
  const data = state.data;
  if (!data || !data.topology || COLLECTIONS.some((c) => !data[c])) {
    return;
  }
  fillProjects(data.topology);
  const shown = forProject(data, state.project);
  const t0 = performance.now();
  const elements = build(shown);
  const t1 = performance.now();
  state.graph.update(elements);
  const t2 = performance.now();
  renderList($('list'), shown, select);
  status.phases.cost = [Math.round(t1 - t0), Math.round(t2 - t1), Math.round(performance.now() - t2)];
  const counts = state.graph.counts();
  const hosts = Object.fromEntries(elements.nodes.filter((n) => n.data.kind === 'host').map((n) => [n.data.ref, n.data.state]));
  Object.assign(status, counts, { hosts, revision: data.topology.revision, renders: status.renders + 1 });
  $('summary').textContent = `${counts.nodes} nodes, ${counts.edges} edges, revision ${data.topology.revision}`;
  if (!status.ready) {
    // Loaded means drawn: the first frame with the whole topology on the canvas.
    state.graph.afterDraw(() => {
      status.loadMillis = Math.round(performance.now());
      status.ready = true;
    });
  }
  if (state.selected && elements.nodes.some((n) => n.data.id === state.selected)) {
    showSelected();
  }
}

function fillProjects(topology) {
  const select = $('project-filter');
  $('project-picker').hidden = !topology.scope.admin;
  const options = [['', 'All projects'], ...topology.projects.map((p) => [p.id, p.name])];
  if (select.options.length !== options.length) {
    select.replaceChildren(...options.map(([id, name]) => new Option(name, id, false, id === state.project)));
  }
}

function select(id) {
  state.selected = id;
  state.graph.select(id);
  showSelected();
}

function showSelected() {
  const node = state.graph.cy.getElementById(state.selected);
  if (!node.empty()) {
    showDetails($('details'), state.session, forProject(state.data, state.project), node.data());
  }
}

state.session = savedSession();
if (state.session) {
  start();
} else {
  showLogin();
}
