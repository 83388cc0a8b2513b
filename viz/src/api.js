// The workshop JSON API (docs/workshop_api.md), with readable errors.

export class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(`Cannot reach the wfsim server (${e.message}). Is \`wfsim serve\` still running?`, 0);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const message = data && typeof data.error === 'string' ? data.error
      : `${method} ${path} failed: HTTP ${response.status}${text ? ` — ${text.slice(0, 200)}` : ''}`;
    throw new ApiError(message, response.status);
  }
  if (data === null && text) throw new ApiError(`${method} ${path}: the server's answer is not JSON`, response.status);
  return data;
}

export const api = {
  scenarios: () => request('GET', '/api/scenarios'),
  levers: (scenario) => request('GET', `/api/levers?scenario=${encodeURIComponent(scenario)}`),
  createSession: (body) => request('POST', '/api/sessions', body),
  session: (id) => request('GET', `/api/sessions/${id}`),
  deleteSession: (id) => request('DELETE', `/api/sessions/${id}`),
  control: (id, body) => request('POST', `/api/sessions/${id}/control`, body),
  network: (id) => request('GET', `/api/sessions/${id}/network`),
  metrics: (id) => request('GET', `/api/sessions/${id}/metrics`),
  series: (id, arm, since) => request('GET', `/api/sessions/${id}/series?arm=${arm}&since=${since}`),
  eventsUrl: (id) => `/api/sessions/${id}/events`,
};
