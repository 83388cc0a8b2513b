// The wfsim workshop page: scenario cards, levers, play, live charts and the network.
import { api, ApiError } from './api.js';
import { computeLayout, NetworkView, drawRamp } from './network.js';
import { chartDefinitions, Chart, dataUrlToBlob, wrapText } from './charts.js';
import { renderLevers, escapeHtml } from './levers.js';
import { cividis, viridis, layerColour } from './colors.js';

const $ = (s) => document.querySelector(s);

const state = {
  scenarios: [], scenario: null, leverDefs: [], defaults: {},
  values: { a: {}, b: {} }, pending: { a: {}, b: {} }, leverTimer: { a: 0, b: 0 },
  session: null, stores: {}, arms: ['a'], graph: null, layout: null,
  views: {}, charts: [], es: null, esRetry: 0, esTimer: 0,
  view: 'both', colour: 'burnout', layers: new Set(), chartsDirty: false,
  lastPeople: {}, opening: 0,
};

// ---------------------------------------------------------------- messages

function showError(message, action) {
  const box = $('#alerts');
  const div = document.createElement('div');
  div.className = 'alert';
  div.innerHTML = `<span>${escapeHtml(message)}</span>`;
  const buttons = document.createElement('span');
  if (action) {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = action.label;
    b.addEventListener('click', () => { div.remove(); action.run(); });
    buttons.appendChild(b);
  }
  const close = document.createElement('button');
  close.type = 'button'; close.textContent = 'Dismiss'; close.className = 'small';
  close.addEventListener('click', () => div.remove());
  buttons.appendChild(close);
  div.appendChild(buttons);
  // Keep only the three latest messages.
  while (box.children.length >= 3) box.firstChild.remove();
  box.appendChild(div);
}

let toastTimer = 0;
function toast(text) {
  const t = $('#toast');
  t.textContent = text; t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 2600);
}

/// Runs an API call; shows its error; returns undefined on failure.
async function attempt(fn) {
  try { return await fn(); } catch (e) {
    if (e instanceof ApiError && e.status === 404 && state.session) {
      showError(`${e.message}`, { label: 'Start again', run: () => openScenario(state.scenario) });
    } else {
      showError(e.message ?? String(e));
    }
    return undefined;
  }
}

// ---------------------------------------------------------------- scenario cards

/// "in a small setting ..." as "In a small setting ...".
const sentence = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : '');

async function loadScenarios() {
  const list = await attempt(() => api.scenarios());
  if (!list) {
    $('#cards').innerHTML = '<li class="empty">No scenarios: the server did not answer. Reload the page to try again.</li>';
    return;
  }
  state.scenarios = list;
  const ul = $('#cards');
  ul.replaceChildren();
  list.forEach((sc, i) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `card${i < 2 ? ' featured' : ''}`;
    b.dataset.scenario = sc.id;
    b.innerHTML = `<h3>${escapeHtml(sc.title ?? sc.id)}</h3>
      <p class="q">${escapeHtml(sentence(sc.question))}</p>
      <p class="meta">${sc.posts ?? '?'} posts · ${sc.teams ?? '?'} teams${sc.organisations > 1 ? ` · ${sc.organisations} organisations` : ''} · ${sc.weeks ?? '?'} weeks</p>
      ${sc.source ? `<p class="src">Source: ${escapeHtml(sc.source)}</p>` : ''}`;
    b.title = `${sc.title ?? sc.id}: ${sentence(sc.question)}`;
    b.addEventListener('click', () => openScenario(sc));
    li.appendChild(b);
    ul.appendChild(li);
  });
  const wanted = new URLSearchParams(location.hash.slice(1)).get('scenario');
  const sc = list.find((s) => s.id === wanted);
  if (sc) openScenario(sc);
}

function showChooser() {
  closeStream();
  if (state.session) api.deleteSession(state.session.id).catch(() => {});
  state.session = null;
  $('#main').hidden = true; $('#transport').hidden = true; $('#chooser').hidden = false;
  $('#scenario-title').textContent = 'workshop';
  history.replaceState(null, '', location.pathname);
  const first = document.querySelector(`.card[data-scenario="${state.scenario?.id}"]`) ?? document.querySelector('.card');
  first?.focus();
}

// ---------------------------------------------------------------- a session

function emptyStore() { return { byWeek: new Map(), weeks: [], values: {}, stale: false }; }

function resetStores() {
  state.stores = { a: emptyStore(), b: emptyStore() };
  state.lastPeople = {};
  for (const v of Object.values(state.views)) v.clearPeople();
  state.chartsDirty = true; scheduleFrame();
}

async function openScenario(sc) {
  const ticket = ++state.opening;
  closeStream();
  if (state.session) { api.deleteSession(state.session.id).catch(() => {}); state.session = null; }
  state.scenario = sc;
  const busy = $('#opening');
  busy.textContent = `Opening “${sc.title ?? sc.id}” (${sc.posts ?? '?'} posts)…`;
  busy.hidden = false;
  document.body.setAttribute('aria-busy', 'true');
  const done = () => { if (ticket === state.opening) { busy.hidden = true; document.body.removeAttribute('aria-busy'); } };
  const defs = await attempt(() => api.levers(sc.id));
  if (!defs || ticket !== state.opening) return done();
  const session = await attempt(() => api.createSession({ scenario: sc.id }));
  if (!session || ticket !== state.opening) return done();
  const graph = await attempt(() => api.network(session.id));
  if (!graph || ticket !== state.opening) return done();
  const described = await attempt(() => api.metrics(session.id));
  if (!described || ticket !== state.opening) return done();
  done();

  history.replaceState(null, '', `#scenario=${encodeURIComponent(sc.id)}`);
  for (const arm of ['a', 'b']) { clearTimeout(state.leverTimer[arm]); state.pending[arm] = {}; }
  state.lastError = undefined;
  state.leverDefs = defs;
  state.defaults = Object.fromEntries(defs.map((d) => [d.key, d.value]));
  state.values.a = { ...state.defaults, ...(session.arms?.a?.levers ?? {}) };
  state.values.b = { ...state.values.a };
  state.session = session;

  $('#chooser').hidden = true; $('#main').hidden = false; $('#transport').hidden = false;
  $('#scenario-title').textContent = sc.title ?? sc.id;
  $('#scenario-title').title = sc.title ?? sc.id;
  $('#scenario-question').textContent = sentence(sc.question);
  $('#scenario-source').textContent = sc.source ? `Source: ${sc.source}` : '';
  $('#scenario-source').title = sc.source ?? '';
  $('#weeks').textContent = session.weeks;
  $('#speed').value = session.speed ?? 4;
  showSpeed();
  $('#sbs').checked = false;

  state.controls = {
    a: renderLevers($('#levers-a'), defs, state.values.a, state.defaults, 'a', (k, v, o) => leverChanged('a', k, v, o)),
    b: renderLevers($('#levers-b'), defs, state.values.b, state.defaults, 'b', (k, v, o) => leverChanged('b', k, v, o)),
  };
  selectArmTab('a');

  // Network: one layout for both runs.
  state.graph = graph;
  state.layout = computeLayout(graph);
  for (const arm of ['a', 'b']) {
    state.views[arm] ??= new NetworkView($(`#net-${arm}`), $('#tooltip'), arm.toUpperCase());
    state.views[arm].setGraph(graph, state.layout);
    state.views[arm].setEvidenceCount((session.evidence ?? []).length);
    state.views[arm].setMode(state.colour);
  }
  buildLayerToggles(graph);
  updateLegend();

  // Charts.
  for (const c of state.charts) c.destroy();
  const info = Object.fromEntries(described.map((d) => [d.name, d]));
  const defsC = chartDefinitions(session.metrics ?? [], info);
  state.charts = defsC.map((d) => new Chart(d, $('#chart-grid'), { onPng: exportChartPng, onCsv: exportChartCsv }));
  resetStores();
  applySession(session);
  await backfill();
  openStream();
  $('#btn-play').focus();
}

function armsOf(session) { return session?.arms?.b ? ['a', 'b'] : ['a']; }

function applySession(s) {
  if (!s || !state.session || s.id !== state.session.id) return;
  const before = state.session;
  state.session = { ...before, ...s };
  const arms = armsOf(state.session);
  if (arms.join() !== state.arms.join()) {
    state.arms = arms;
    const sbs = arms.includes('b');
    $('#sbs').checked = sbs;
    $('#arm-tabs').hidden = !sbs;
    $('#diff-seg').hidden = !sbs;
    $('#net-b-fig').hidden = !sbs;
    if (!sbs) selectArmTab('a');
    if (state.lastPeople.b) state.views.b.setPeople(state.lastPeople.b.people, state.lastPeople.b.week);
    state.chartsDirty = true; scheduleFrame();
  }
  if (s.arms) for (const arm of arms) {
    if (s.arms[arm]?.levers) {
      state.values[arm] = { ...state.values[arm], ...s.arms[arm].levers };
      for (const [k, v] of Object.entries(s.arms[arm].levers)) {
        if (!(k in state.pending[arm])) state.controls?.[arm]?.get(k)?.set(v);
      }
    }
  }
  showStatus(state.session.status, state.session.week);
  if (s.error && s.error !== state.lastError) { state.lastError = s.error; showError(s.error); }
}

function showStatus(status, week) {
  if (status) {
    state.session.status = status;
    const el = $('#status');
    el.textContent = status;
    el.className = `status ${status}`;
    $('#btn-play').textContent = status === 'playing' ? '❚❚ Pause' : status === 'finished' ? '↻ Replay' : '▶ Play';
    $('#btn-play').setAttribute('aria-label', status === 'playing' ? 'Pause' : status === 'finished' ? 'Play again from week 0' : 'Play');
    // The last week has been simulated: Reset or Replay start again.
    $('#btn-step').disabled = status === 'finished';
  }
  if (Number.isFinite(week)) {
    state.session.week = week;
    $('#week').textContent = `Week ${week}`;
    document.body.dataset.week = week;
  }
}

/// Fetches the weeks this page has not seen (after connecting or reconnecting).
async function backfill() {
  const s = state.session;
  if (!s) return;
  for (const arm of state.arms) {
    let store = state.stores[arm] ??= emptyStore();
    const last = store.byWeek.size ? Math.max(...store.byWeek.keys()) : -1;
    if (Number.isFinite(s.week) && last > s.week) store = state.stores[arm] = emptyStore();
    // From the first week this page does not have.
    let since = 0;
    while (store.byWeek.has(since)) since++;
    const r = await attempt(() => api.series(s.id, arm, since));
    if (!r || state.session?.id !== s.id) return;
    // The run restarted while the request was out: these weeks are stale.
    if (state.stores[arm] !== store) continue;
    const st = store;
    (r.weeks ?? []).forEach((w, i) => {
      if (st.byWeek.has(w)) return;
      const m = {};
      for (const [k, arr] of Object.entries(r.series ?? {})) m[k] = arr[i];
      st.byWeek.set(w, m);
    });
    st.stale = true;
  }
  state.chartsDirty = true; scheduleFrame();
}

function ingestWeek(ev) {
  const arm = ev.arm ?? 'a';
  const store = state.stores[arm] ??= emptyStore();
  const w = ev.week;
  // A week at or before the latest one means the run restarted: drop the old weeks.
  for (const k of [...store.byWeek.keys()]) if (k >= w) store.byWeek.delete(k);
  store.byWeek.set(w, ev.metrics ?? {});
  store.stale = true;
  if (ev.people) {
    state.lastPeople[arm] = { people: ev.people, week: w };
    state.views[arm]?.setPeople(ev.people, w);
  }
  if (arm === 'a' || !state.stores.a.byWeek.size) showStatus(undefined, w);
  state.chartsDirty = true; scheduleFrame();
}

function storeArrays(store) {
  if (!store.stale) return store;
  const weeks = [...store.byWeek.keys()].sort((p, q) => p - q);
  const values = {};
  for (const m of state.session?.metrics ?? []) values[m] = weeks.map((w) => store.byWeek.get(w)[m] ?? null);
  store.weeks = weeks; store.values = values; store.stale = false;
  return store;
}

// Charts redraw at most every CHART_MS (the networks at every animation frame).
const CHART_MS = 90;
let frame = 0, chartTimer = 0, lastCharts = 0;
function scheduleFrame() {
  if (frame || chartTimer) return;
  const wait = CHART_MS - (performance.now() - lastCharts);
  const go = () => {
    chartTimer = 0;
    frame = requestAnimationFrame(() => { frame = 0; lastCharts = performance.now(); drawCharts(); });
  };
  if (wait > 0) chartTimer = setTimeout(go, wait); else go();
}

function drawCharts() {
  if (!state.chartsDirty) return;
  state.chartsDirty = false;
  for (const arm of ['a', 'b']) if (state.stores[arm]) storeArrays(state.stores[arm]);
  for (const c of state.charts) {
    c.configure(state.arms, state.view);
    c.update(state.stores);
    c.el.dataset.points = String(state.stores.a?.weeks.length ?? 0);
    c.el.dataset.pointsB = String(state.arms.includes('b') ? state.stores.b?.weeks.length ?? 0 : 0);
  }
}

// ---------------------------------------------------------------- event stream, with reconnection

function closeStream() {
  clearTimeout(state.esTimer);
  if (state.es) { state.es.close(); state.es = null; }
}

function setConn(up, text, label) {
  const c = $('#conn');
  c.classList.toggle('down', !up);
  c.title = text; c.setAttribute('aria-label', text);
  c.replaceChildren('● ', Object.assign(document.createElement('span'), {
    className: 'conn-label', textContent: label ?? (up ? 'live' : 'reconnecting…'),
  }));
}

function openStream() {
  closeStream();
  const s = state.session;
  if (!s) return;
  const es = new EventSource(api.eventsUrl(s.id));
  state.es = es;
  es.addEventListener('open', () => { state.esRetry = 0; setConn(true, 'Live: connected to the simulation'); });
  es.addEventListener('session', (e) => {
    const obj = JSON.parse(e.data);
    const wasWeek = state.session?.week;
    applySession(obj);
    if (Number.isFinite(obj.week) && Number.isFinite(wasWeek) && obj.week < wasWeek) resetStores();
    backfill();
  });
  es.addEventListener('week', (e) => ingestWeek(JSON.parse(e.data)));
  es.addEventListener('status', (e) => {
    let d = {};
    try { d = JSON.parse(e.data); } catch { d = { status: e.data }; }
    if (d.week === 0 && (state.session?.week ?? 0) > 0) { resetStores(); setTimeout(backfill, 0); }
    if (d.id && d.arms) { applySession(d); return; }
    showStatus(d.status, d.week);
  });
  es.addEventListener('error', () => {
    if (state.es !== es) return;
    setConn(false, 'The live stream dropped; reconnecting');
    if (es.readyState === EventSource.CLOSED) {
      // The browser gave up (for example the server answered an error): retry ourselves.
      es.close();
      const delay = Math.min(10000, 1000 * 2 ** state.esRetry++);
      if (state.esRetry === 5) {
        showError('The live connection to the simulation keeps failing (is the server busy or stopped?); '
          + 'the page keeps retrying every 10 s.');
      }
      state.esTimer = setTimeout(async () => {
        if (state.session?.id !== s.id) return;
        try {
          await api.session(s.id);
          openStream();
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            setConn(false, 'The server has ended this session', 'ended');
            showError(`${err.message}`, { label: 'Start again', run: () => openScenario(state.scenario) });
          } else {
            openStream();
          }
        }
      }, delay);
    }
  });
}

// ---------------------------------------------------------------- controls

async function control(body) {
  const s = state.session;
  if (!s) return undefined;
  const r = await attempt(() => api.control(s.id, body));
  if (r) {
    const restarted = Number.isFinite(r.week) && r.week === 0 && (body.action !== 'speed');
    applySession(r);
    if (restarted && ['levers', 'arms', 'reset'].includes(body.action)) { resetStores(); backfill(); }
  }
  return r;
}

function leverChanged(arm, key, value, { immediate }) {
  state.values[arm][key] = value;
  state.pending[arm][key] = value;
  clearTimeout(state.leverTimer[arm]);
  state.leverTimer[arm] = setTimeout(() => sendLevers(arm), immediate ? 0 : 350);
}

async function sendLevers(arm) {
  const levers = state.pending[arm];
  state.pending[arm] = {};
  if (!Object.keys(levers).length) return;
  if (arm === 'b' && !state.arms.includes('b')) return;
  const r = await control({ action: 'levers', arm, levers });
  if (r) toast(`Run ${arm.toUpperCase()} changed: restarted from week 0`);
  else {
    // Put the controls back to what the server has.
    const s = await attempt(() => api.session(state.session.id));
    if (s) applySession(s);
  }
}

async function setSideBySide(on) {
  if (on) {
    // Run B starts as a copy of run A.
    state.values.b = { ...state.values.a };
    state.pending.b = {};
    for (const [k, v] of Object.entries(state.values.b)) state.controls?.b?.get(k)?.set(v);
  }
  const r = await control({ action: 'arms', b: on ? { ...state.values.b } : null });
  if (!r) { $('#sbs').checked = state.arms.includes('b'); return; }
  toast(on ? 'Side by side: run B added, both restarted from week 0' : 'Run B removed; restarted from week 0');
  if (on) selectArmTab('b');
}

function selectArmTab(arm) {
  document.querySelectorAll('input[name=arm]').forEach((r) => { r.checked = r.value === arm; });
  $('#levers-a').hidden = arm !== 'a';
  $('#levers-b').hidden = arm !== 'b';
}

function showSpeed() {
  const v = Number($('#speed').value);
  $('#speed-out').textContent = `${v} week${v === 1 ? '' : 's'}/s`;
  $('#speed').setAttribute('aria-valuetext', `${v} weeks per second`);
}

async function togglePlay() {
  const st = state.session?.status;
  if (st === 'playing') return control({ action: 'pause' });
  if (st === 'finished') { await control({ action: 'reset' }); }
  return control({ action: 'play' });
}

function buildLayerToggles(graph) {
  const fs = $('#layers');
  fs.querySelectorAll('label').forEach((l) => l.remove());
  // Big graphs start with the densest layers hidden, so that the people stay visible.
  const many = graph.edges.length > 2000;
  state.layers = new Set((graph.layers ?? []).filter((l) => !(many && (l === 'team' || l === 'cross_team'))));
  (graph.layers ?? []).forEach((layer, i) => {
    const count = graph.edges.filter((e) => e.layer === layer).length;
    const label = document.createElement('label');
    label.innerHTML = `<input type="checkbox" value="${escapeHtml(layer)}"${state.layers.has(layer) ? ' checked' : ''}>
      <span class="sw" style="background:${layerColour(layer, i)}"></span>${escapeHtml(layer.replace(/_/g, ' '))}`;
    label.title = `${count} links`;
    label.querySelector('input').addEventListener('change', (e) => {
      if (e.target.checked) state.layers.add(layer); else state.layers.delete(layer);
      for (const v of Object.values(state.views)) v.setLayers(state.layers);
    });
    fs.appendChild(label);
  });
  for (const v of Object.values(state.views)) v.setLayers(state.layers);
}

function updateLegend() {
  const el = $('#net-legend');
  const n = (state.session?.evidence ?? []).length;
  const burnout = state.colour === 'burnout';
  const scale = burnout
    ? '<span>Burnout 0</span><canvas aria-hidden="true"></canvas><span>100 (≥ 50 is high)</span>'
    : `<span>Evidence items used:</span>${Array.from({ length: n + 1 }, (_, k) => `<span class="sym"><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="7" fill="${cividis(k / Math.max(1, n))}" stroke="#000"/></svg>${k}</span>`).join('')}`;
  el.innerHTML = `<span class="ramp">${scale}</span>
    <span class="sym"><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="6" fill="none" stroke="#4a5260" stroke-width="2.5"/></svg> vacant post</span>
    <span class="sym"><svg width="18" height="18" aria-hidden="true"><path d="M9 1 L17 9 L9 17 L1 9 Z" fill="#26828e" stroke="#000"/></svg> agency worker</span>
    <span class="sym"><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="6" fill="#26828e" fill-opacity="0.45" stroke="#000" stroke-opacity="0.45"/></svg> absent this week</span>
    <span class="muted">Hover, or focus a network and use the arrow keys, to see a person.</span>`;
  const ramp = el.querySelector('canvas');
  if (ramp) drawRamp(ramp, viridis);
}

// ---------------------------------------------------------------- export

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

function fileStem(what) {
  return `wfsim-${state.scenario?.id ?? 'run'}-${what}-week${state.session?.week ?? 0}`;
}

function subtitle() {
  const s = state.session;
  const arms = state.arms.includes('b') ? 'runs A (solid) and B (dashed), same random numbers' : 'run A';
  const changed = (arm) => Object.entries(state.values[arm]).filter(([k, v]) => v !== state.defaults[k])
    .map(([k, v]) => `${k}=${v}`).join(', ') || 'scenario values';
  const levers = state.arms.includes('b') ? `A: ${changed('a')}; B: ${changed('b')}` : changed('a');
  return `${state.scenario?.title ?? ''} · seed ${s?.seed ?? '?'} · week ${s?.week ?? 0} · ${arms} · ${levers}`.slice(0, 400);
}

// Exports run synchronously inside the click, so that the browser treats each
// download as the user's (Chromium holds back downloads made later).
function exportChartPng(chart) {
  download(chart.toPng(subtitle()), `${fileStem(chart.def.id)}.png`);
}

function csvCell(v) {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/// The weekly series of the runs shown: the page's copy, which it keeps
/// complete (it fetches any weeks it missed from the server).
function exportCsv(metrics, what) {
  if (!state.session) return;
  const data = {};
  for (const arm of state.arms) data[arm] = storeArrays(state.stores[arm]);
  const lines = [['arm', 'week', ...metrics].map(csvCell).join(',')];
  for (const arm of state.arms) {
    const d = data[arm];
    (d.weeks ?? []).forEach((w, i) => {
      lines.push([arm, w, ...metrics.map((m) => d.values?.[m]?.[i])].map(csvCell).join(','));
    });
  }
  download(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), `${fileStem(what)}.csv`);
}

const exportChartCsv = (chart) => exportCsv(chart.def.lines.map((l) => l.metric), chart.def.id);

function exportNetworkPng() {
  const canvases = state.arms.map((a) => $(`#net-${a}`));
  const w = canvases.reduce((s, c) => s + c.width, 0) + 12 * (canvases.length - 1);
  const h = Math.max(...canvases.map((c) => c.height));
  const out = document.createElement('canvas');
  let g = out.getContext('2d');
  g.font = '15px system-ui, sans-serif';
  const lines = wrapText(g, subtitle(), w - 20);
  const top = 40 + 19 * lines.length;
  out.width = w; out.height = h + top;
  g = out.getContext('2d');
  g.fillStyle = '#ffffff'; g.fillRect(0, 0, w, h + top);
  g.fillStyle = '#111418'; g.font = '700 22px system-ui, sans-serif'; g.textBaseline = 'top';
  g.fillText(`People coloured by ${state.colour === 'burnout' ? 'burnout (viridis: dark 0, yellow 100)' : `evidence items used (cividis: dark 0, yellow ${(state.session?.evidence ?? []).length})`}; hollow = vacant, diamond = agency`, 10, 6);
  g.font = '15px system-ui, sans-serif'; g.fillStyle = '#4a5260';
  lines.forEach((l, i) => g.fillText(l, 10, 34 + 19 * i));
  let x = 0;
  canvases.forEach((c, i) => {
    g.drawImage(c, x, top);
    g.fillStyle = i ? '#D55E00' : '#0072B2'; g.fillRect(x + 8, top + 8, 74, 26);
    g.fillStyle = '#fff'; g.font = '700 17px system-ui, sans-serif'; g.fillText(`Run ${state.arms[i].toUpperCase()}`, x + 14, top + 12);
    x += c.width + 12;
  });
  download(dataUrlToBlob(out.toDataURL('image/png')), `${fileStem('network')}.png`);
}

// ---------------------------------------------------------------- wiring

function wire() {
  $('#btn-play').addEventListener('click', togglePlay);
  $('#btn-step').addEventListener('click', () => control({ action: 'step' }));
  $('#btn-reset').addEventListener('click', async () => { if (await control({ action: 'reset' })) toast('Back to week 0'); });
  let speedTimer = 0;
  $('#speed').addEventListener('input', () => {
    showSpeed();
    clearTimeout(speedTimer);
    speedTimer = setTimeout(() => control({ action: 'speed', weeks_per_second: Number($('#speed').value) }), 200);
  });
  $('#btn-change').addEventListener('click', showChooser);
  $('#sbs').addEventListener('change', (e) => setSideBySide(e.target.checked));
  document.querySelectorAll('input[name=arm]').forEach((r) => r.addEventListener('change', () => selectArmTab(r.value)));
  document.querySelectorAll('input[name=colour]').forEach((r) => r.addEventListener('change', () => {
    state.colour = r.value;
    for (const v of Object.values(state.views)) v.setMode(state.colour);
    updateLegend();
  }));
  document.querySelectorAll('input[name=view]').forEach((r) => r.addEventListener('change', () => {
    state.view = r.value; state.chartsDirty = true; scheduleFrame();
  }));
  $('#btn-csv-all').addEventListener('click', () => exportCsv(state.session?.metrics ?? [], 'series'));
  $('#btn-net-png').addEventListener('click', exportNetworkPng);
  $('#btn-net-png').setAttribute('aria-label', 'Save the network picture as PNG');
  // Space plays or pauses, and "." steps, unless a control has the focus.
  document.addEventListener('keydown', (e) => {
    if ($('#main').hidden || e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = document.activeElement?.tagName;
    if (['INPUT', 'SELECT', 'BUTTON', 'TEXTAREA', 'CANVAS', 'A'].includes(tag)) return;
    if (e.key === ' ') { e.preventDefault(); togglePlay(); }
    if (e.key === '.' && state.session?.status !== 'finished') { e.preventDefault(); control({ action: 'step' }); }
  });
  // Leaving or reloading the page ends its session (a reload starts a new one).
  window.addEventListener('pagehide', () => {
    if (state.session) fetch(`/api/sessions/${state.session.id}`, { method: 'DELETE', keepalive: true }).catch(() => {});
  });
}

wire();
loadScenarios();
