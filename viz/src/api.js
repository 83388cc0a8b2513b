// The workshop JSON API (docs/workshop_api.md). Errors carry both the
// server's technical text and plain words for students (errors.js).

export class ApiError extends Error {
  /// `message` is the technical text; `plain` the server's words for students, if it gave any.
  constructor(message, status, plain) { super(message); this.status = status; this.plain = plain; }
}

/// The facilitator's token, sent as a bearer token to the room's private paths.
let bearer = '';
export function setFacilitatorToken(token) { bearer = token ?? ''; }

async function request(method, path, body, { auth = false } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(path, {
      method, headers, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(`Cannot reach the wfsim server (${e.message}). Is \`wfsim serve\` still running?`, 0);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const technical = data && typeof data.error === 'string' ? data.error
      : `${method} ${path} failed: HTTP ${response.status}${text ? ` — ${text.slice(0, 200)}` : ''}`;
    const plain = data && typeof data.message === 'string' && data.message ? data.message : undefined;
    throw new ApiError(technical, response.status, plain);
  }
  if (data === null && text) throw new ApiError(`${method} ${path}: the server's answer is not JSON`, response.status);
  return data;
}

const q = encodeURIComponent;

export const api = {
  scenarios: () => request('GET', '/api/scenarios'),
  levers: (scenario) => request('GET', `/api/levers?scenario=${q(scenario)}`),
  createSession: (body) => request('POST', '/api/sessions', body),
  session: (id) => request('GET', `/api/sessions/${id}`),
  deleteSession: (id) => request('DELETE', `/api/sessions/${id}`),
  control: (id, body) => request('POST', `/api/sessions/${id}/control`, body),
  network: (id) => request('GET', `/api/sessions/${id}/network`),
  metrics: (id) => request('GET', `/api/sessions/${id}/metrics`),
  series: (id, arm, since, run = 0) => request('GET', `/api/sessions/${id}/series?arm=${arm}&since=${since}&run=${run}`),
  people: (id, arm) => request('GET', `/api/sessions/${id}/people?arm=${arm}`),
  eventsUrl: (id) => `/api/sessions/${id}/events`,
  room: () => request('GET', '/api/room'),
  roomSessions: () => request('GET', '/api/room/sessions', undefined, { auth: true }),
  endRoomSession: (id) => request('DELETE', `/api/room/sessions/${q(id)}`, undefined, { auth: true }),
  setRoomScenario: (scenario) => request('PUT', '/api/room', { scenario }, { auth: true }),
};
