// Sluice's own API, as the logged-in user: Keystone's password login on this origin, the Neutron lists,
// the topology endpoint, a port's flows, and the change stream (Server-Sent Events read through fetch,
// since EventSource cannot send the token header).

const SESSION_KEY = 'sluice-viewer-session';

export const COLLECTIONS = ['networks', 'subnets', 'ports', 'routers', 'floatingips'];

export class AuthError extends Error {}

export async function login(user, password, project) {
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: user, domain: { name: 'Default' }, password } },
      },
      scope: { project: { name: project, domain: { name: 'Default' } } },
    },
  };
  const response = await fetch('/viewer/v3/auth/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status === 401) {
    throw new AuthError('The user name, password or project is wrong.');
  }
  if (!response.ok) {
    throw new Error(`Login failed: HTTP ${response.status}`);
  }
  const token = (await response.json()).token;
  const session = {
    token: response.headers.get('X-Subject-Token'),
    expiresAt: token.expires_at,
    user: token.user.name,
    projectName: token.project.name,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function savedSession() {
  const text = sessionStorage.getItem(SESSION_KEY);
  if (!text) {
    return null;
  }
  const session = JSON.parse(text);
  return Date.parse(session.expiresAt) > Date.now() + 5000 ? session : null;
}

export function logout() {
  sessionStorage.removeItem(SESSION_KEY);
}

export async function getJson(session, path) {
  const response = await fetch(path, { headers: { 'X-Auth-Token': session.token, Accept: 'application/json' } });
  if (response.status === 401) {
    throw new AuthError('Your session has expired: log in again.');
  }
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}`);
  }
  return response.json();
}

/** One Neutron collection as a list. */
export async function neutronList(session, collection) {
  return (await getJson(session, `/v2.0/${collection}`))[collection];
}

/**
 * Reads the change stream until the page goes: calls onEvent(name, data) for each event, onState('live' |
 * 'reconnecting') as the connection comes and goes, and retries with a growing pause. Every (re)connection
 * starts with a 'ready' event, after which the page reloads what it shows, so no change is missed.
 */
export async function followChanges(session, onEvent, onState) {
  let pause = 500;
  for (;;) {
    try {
      const response = await fetch('/sluice/v1/topology/events', { headers: { 'X-Auth-Token': session.token } });
      if (response.status === 401) {
        throw new AuthError('Your session has expired: log in again.');
      }
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      onState('live');
      pause = 500;
      await readEvents(response.body, onEvent);
    } catch (e) {
      if (e instanceof AuthError) {
        throw e;
      }
    }
    onState('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 10000);
  }
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let data = '';
      for (const line of frame.split('\n')) {
        if (line.startsWith('event: ')) {
          name = line.slice(7);
        } else if (line.startsWith('data: ')) {
          data += line.slice(6);
        }
      }
      if (data) {
        onEvent(name, JSON.parse(data));
      }
    }
  }
}
