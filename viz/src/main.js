// The wfsim workshop page: scenario cards, levers, play, live charts and the
// network; the room's join panel and the facilitator's view.
import { api, ApiError } from './api.js';
import { computeLayout, NetworkView } from './network.js';
import { chartDefinitions, Chart } from './charts.js';
import { renderLevers } from './levers.js';
import { sentence } from './words.js';
import { showError, toast } from './messages.js';
import { renderCards, isAvailable } from './cards.js';
import { renderLegend, renderLayerToggles } from './netlegend.js';
import { emptyRuns, addWeek, storeArrays } from './ensemble.js';
import { aboutHtml } from './about.js';
import { fetchRoom, wireJoinDialog } from './room.js';
import { facilitatorToken, openFacilitator } from './facilitator.js';
import { download, fileStem, subtitle, exportCsv, exportNetworkPng } from './exports.js';

const $ = (s) => document.querySelector(s);

const state = {
  scenarios: [], scenario: null, leverDefs: [], defaults: {},
  values: { a: {}, b: {} }, pending: { a: {}, b: {} }, leverTimer: { a: 0, b: 0 },
  session: null, runs: 1, stores: { a: emptyRuns(1), b: emptyRuns(1) }, arms: ['a'], graph: null, layout: null,
  views: {}, charts: [], es: null, esRetry: 0, esTimer: 0,
  view: 'both', colour: 'burnout', layers: new Set(), chartsDirty: false,
  lastPeople: {}, opening: 0,
  // The week where the server stopped (paused, stepped, finished); null while
  // it plays. Nothing later than it is shown, whatever is still on its way.
  heldAt: 0,
};

/// Runs an API call; shows its error in plain words; returns undefined on failure.
async function attempt(fn) {
  try { return await fn(); } catch (e) {
    const session = !!state.session;
    if (e instanceof ApiError && e.status === 404 && session) {
      showError(e, { session, action: { label: 'Start again', run: () => openScenario(state.scenario) } });
    } else {
      showError(e, { session });
    }
    return undefined;
  }
}

// ---------------------------------------------------------------- scenario cards

async function loadScenarios() {
  const list = await attempt(() => api.scenarios());
  if (!list) {
    $('#cards').innerHTML = '<li class="empty">No scenarios: the server did not answer. Reload the page to try again.</li>';
    return;
  }
  state.scenarios = list;
  const token = facilitatorToken();
  if (token) { openFacilitator(token, list); return; }
  renderCards($('#cards'), list, (sc) => openScenario(sc));
  // The address names a scenario, or else the facilitator chose one for the room.
  const wanted = new URLSearchParams(location.hash.slice(1)).get('scenario') ?? (await fetchRoom()).scenario;
  const sc = list.find((s) => s.id === wanted);
  if (sc && isAvailable(sc)) openScenario(sc);
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

/// Empties the charts' weeks for a restart. The people stay on screen until
/// the server sends the restarted runs' week 0, so the network never flashes grey.
function resetStores() {
  state.stores = { a: emptyRuns(state.runs), b: emptyRuns(state.runs) };
  state.chartsDirty = true; scheduleFrame();
}

const wantedRuns = () => Number(document.querySelector('input[name=runs]:checked')?.value ?? 1);

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
  const runs = wantedRuns();
  const session = await attempt(() => api.createSession(runs > 1 ? { scenario: sc.id, runs } : { scenario: sc.id }));
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
  state.arms = ['a'];
  state.runs = session.runs ?? 1;
  state.heldAt = session.week ?? 0;

  $('#chooser').hidden = true; $('#main').hidden = false; $('#transport').hidden = false;
  $('#scenario-title').textContent = sc.title ?? sc.id;
  $('#scenario-title').title = sc.title ?? sc.id;
  $('#scenario-question').textContent = sentence(sc.question);
  $('#scenario-question').title = sentence(sc.question);
  $('#scenario-source').textContent = sc.source ? `Source: ${sc.source}` : '';
  $('#scenario-source').title = sc.source ?? '';
  $('#weeks').textContent = session.weeks;
  $('#speed').value = session.speed ?? 4;
  showSpeed();
  $('#sbs').checked = false;
  showArms();

  state.controls = {
    a: renderLevers($('#levers-a'), defs, state.values.a, state.defaults, 'a', (k, v, o) => leverChanged('a', k, v, o)),
    b: renderLevers($('#levers-b'), defs, state.values.b, state.defaults, 'b', (k, v, o) => leverChanged('b', k, v, o)),
  };
  selectArmTab('a');
  showChangedCount();

  // Network: one layout for both runs.
  state.graph = graph;
  state.layout = computeLayout(graph);
  for (const arm of ['a', 'b']) {
    state.views[arm] ??= new NetworkView($(`#net-${arm}`), $('#tooltip'), arm.toUpperCase());
    state.views[arm].setGraph(graph, state.layout);
    state.views[arm].setEvidenceCount((session.evidence ?? []).length);
    state.views[arm].setMode(state.colour);
  }
  state.layers = renderLayerToggles($('#layers'), graph, (shown) => {
    for (const v of Object.values(state.views)) v.setLayers(shown);
  });
  for (const v of Object.values(state.views)) v.setLayers(state.layers);

  // Charts.
  for (const c of state.charts) c.destroy();
  const info = Object.fromEntries(described.map((d) => [d.name, d]));
  state.charts = chartDefinitions(session.metrics ?? [], info).map((d) => new Chart(d, $('#chart-grid'), {
    onPng: (chart) => download(chart.toPng(subtitle(state)), `${fileStem(state, chart.def.id)}.png`),
    onCsv: (chart) => exportCsv(state, chart.def.lines.map((l) => l.metric), chart.def.id),
  }));
  state.lastPeople = {};
  resetStores();
  showLegend();
  applySession(session);
  await backfill();
  // The stream's first event fetches the people (see openStream).
  openStream();
  $('#btn-play').focus();
}

function armsOf(session) { return session?.arms?.b ? ['a', 'b'] : ['a']; }

/// Shows or hides what belongs to run B, and the note about bands.
function showArms() {
  const sbs = state.arms.includes('b');
  $('#sbs').checked = sbs;
  $('#arm-tabs').hidden = !sbs;
  $('#diff-seg').hidden = !sbs;
  $('#net-b-fig').hidden = !sbs;
  $('#net-row').classList.toggle('two', sbs);
  if (!sbs) selectArmTab('a');
  const ensemble = state.runs > 1;
  $('#band-note').hidden = !ensemble;
  $('#band-note').textContent = sbs
    ? `Lines: run 1 of A and B (the people you see). Shaded: lowest to highest of the ${state.runs} runs. The difference pairs run r of A with run r of B.`
    : `Line: run 1 (the people you see). Shaded: lowest to highest of the ${state.runs} runs.`;
  $('#net-run-note').textContent = ensemble ? `(run 1 of ${state.runs})` : '';
  document.querySelectorAll('input[name=runs]').forEach((r) => { r.checked = Number(r.value) === state.runs; });
}

function applySession(s) {
  if (!s || !state.session || s.id !== state.session.id) return;
  state.session = { ...state.session, ...s };
  const arms = armsOf(state.session);
  const runs = state.session.runs ?? 1;
  if (arms.join() !== state.arms.join() || runs !== state.runs) {
    const runsChanged = runs !== state.runs;
    state.arms = arms; state.runs = runs;
    if (runsChanged) resetStores();
    showArms();
    if (state.lastPeople.b) state.views.b.setPeople(state.lastPeople.b.people, state.lastPeople.b.week);
    showLegend();
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
  showChangedCount();
  if (Number.isFinite(s.seed) && document.activeElement !== $('#seed')) $('#seed').value = s.seed;
  if (s.status) state.heldAt = s.status === 'playing' ? null : s.week;
  showStatus(state.session.status, state.session.week);
  if (s.error && s.error !== state.lastError) { state.lastError = s.error; showError(new ApiError(s.error, 500), { session: true }); }
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

/// Fetches the weeks this page has not seen (after connecting or reconnecting), for every run.
async function backfill() {
  const s = state.session;
  if (!s) return;
  const metrics = s.metrics ?? [];
  const jobs = [];
  for (const arm of state.arms) {
    for (let run = 0; run < state.runs; run++) {
      const runs = state.stores[arm];
      const store = runs[run];
      // From the first week this page does not have.
      let since = 0;
      while (store.byWeek.has(since)) since++;
      jobs.push(attempt(() => api.series(s.id, arm, since, run)).then((r) => {
        // The session changed, or the run restarted while the request was out: stale.
        if (!r || state.session?.id !== s.id || state.stores[arm] !== runs) return;
        (r.weeks ?? []).forEach((w, i) => {
          if (store.byWeek.has(w) || (state.heldAt !== null && w > state.heldAt)) return;
          const m = {};
          for (const [k, arr] of Object.entries(r.series ?? {})) m[k] = arr[i];
          store.byWeek.set(w, m);
        });
        store.stale = true;
        storeArrays(store, metrics);
      }));
    }
  }
  await Promise.all(jobs);
  state.chartsDirty = true; scheduleFrame();
}

/// The people of each arm's run 1 as the server last sent them, after
/// connecting: the stream only sends them when they change.
async function fetchPeople() {
  const s = state.session;
  if (!s || s.runs === undefined) return; // a server without ensembles sends people with each week
  await Promise.all(state.arms.map(async (arm) => {
    try {
      const p = await api.people(s.id, arm);
      if (p?.people && state.session?.id === s.id) showPeople({ arm, week: p.week, people: p.people });
    } catch { /* not simulated yet: the stream brings it */ }
  }));
}

function showPeople(ev) {
  const arm = ev.arm ?? 'a';
  if (state.heldAt !== null && ev.week > state.heldAt) return;
  state.lastPeople[arm] = { people: ev.people, week: ev.week };
  state.views[arm]?.setPeople(ev.people, ev.week);
  showLegend();
}

function ingestWeek(ev) {
  const arm = ev.arm ?? 'a', run = ev.run ?? 0;
  const runs = state.stores[arm];
  if (!runs?.[run]) return; // a run this page no longer shows
  if (state.heldAt !== null && ev.week > state.heldAt) return;
  addWeek(runs[run], ev.week, ev.metrics);
  if (ev.people) showPeople(ev);
  if (run === 0 && (arm === 'a' || !state.stores.a[0].byWeek.size)) showStatus(undefined, ev.week);
  state.chartsDirty = true; scheduleFrame();
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
  const metrics = state.session?.metrics ?? [];
  for (const arm of ['a', 'b']) for (const store of state.stores[arm]) storeArrays(store, metrics);
  for (const c of state.charts) {
    c.configure(state.arms, state.runs, state.view);
    c.update(state.stores);
    c.el.dataset.points = String(state.stores.a[0]?.weeks.length ?? 0);
    c.el.dataset.pointsB = String(state.arms.includes('b') ? state.stores.b[0]?.weeks.length ?? 0 : 0);
  }
}

function showLegend() {
  const waiting = state.arms.some((arm) => !state.lastPeople[arm]);
  renderLegend($('#net-legend'), { colour: state.colour, evidenceCount: (state.session?.evidence ?? []).length, waiting });
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
    fetchPeople();
  });
  es.addEventListener('week', (e) => ingestWeek(JSON.parse(e.data)));
  es.addEventListener('people', (e) => showPeople(JSON.parse(e.data)));
  es.addEventListener('status', (e) => {
    let d = {};
    try { d = JSON.parse(e.data); } catch { d = { status: e.data }; }
    if (d.week === 0 && (state.session?.week ?? 0) > 0) { resetStores(); setTimeout(backfill, 0); }
    if (d.id && d.arms) { applySession(d); return; }
    if (d.status) state.heldAt = d.status === 'playing' ? null : d.week;
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
        showError('The live connection to the simulation keeps failing (is the server busy or stopped?). '
          + 'The page keeps trying every 10 seconds.');
      }
      state.esTimer = setTimeout(async () => {
        if (state.session?.id !== s.id) return;
        try {
          await api.session(s.id);
          openStream();
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            setConn(false, 'The server has ended this session', 'ended');
            showError(err, { session: true, action: { label: 'Start again', run: () => openScenario(state.scenario) } });
          } else {
            openStream();
          }
        }
      }, delay);
    }
  });
}

// ---------------------------------------------------------------- controls

/// Actions after which both arms start again from week 0.
const RESTARTS = ['levers', 'arms', 'reset', 'runs', 'seed'];

async function control(body) {
  const s = state.session;
  if (!s) return undefined;
  // The run moves on: let its weeks through (the answer says where it stops).
  if (body.action === 'play' || body.action === 'step') state.heldAt = null;
  const r = await attempt(() => api.control(s.id, body));
  if (r) {
    const restarted = Number.isFinite(r.week) && r.week === 0 && RESTARTS.includes(body.action);
    applySession(r);
    if (restarted) { resetStores(); backfill(); }
  }
  return r;
}

function leverChanged(arm, key, value, { immediate }) {
  state.values[arm][key] = value;
  state.pending[arm][key] = value;
  showChangedCount();
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

/// "2 levers changed from the scenario's values" for the run whose levers are shown.
function showChangedCount() {
  const arm = document.querySelector('input[name=arm]:checked')?.value ?? 'a';
  const n = document.querySelectorAll(`#levers-${arm} .lever.changed`).length;
  const run = state.arms.includes('b') ? ` in run ${arm.toUpperCase()}` : '';
  $('#changed-count').textContent = n ? `${n} lever${n === 1 ? '' : 's'} changed from the scenario's values${run} (marked •)`
    : `All levers at the scenario's values${run}`;
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

async function setRuns(runs) {
  const r = await control({ action: 'runs', runs });
  if (!r) { showArms(); return; }
  toast(runs > 1 ? `${runs} runs: restarted from week 0` : 'One run: restarted from week 0');
}

async function setSeed(seed) {
  if (!Number.isInteger(seed) || seed < 0) { showError(`A seed is a whole number from 0 up (not “${$('#seed').value}”).`); return; }
  if (seed === state.session?.seed) return;
  const r = await control({ action: 'seed', seed });
  if (r) toast(`Seed ${seed}: new random numbers, restarted from week 0`);
  else if (Number.isFinite(state.session?.seed)) $('#seed').value = state.session.seed;
}

function selectArmTab(arm) {
  document.querySelectorAll('input[name=arm]').forEach((r) => { r.checked = r.value === arm; });
  $('#levers-a').hidden = arm !== 'a';
  $('#levers-b').hidden = arm !== 'b';
  showChangedCount();
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

// ---------------------------------------------------------------- dialogs

function wireAboutDialog() {
  const dialog = $('#about-dialog');
  $('#btn-about').addEventListener('click', async () => {
    let levers = state.leverDefs, title = state.scenario?.title;
    if (!levers.length && state.scenarios.length) {
      // No scenario open: the first card's levers.
      const first = state.scenarios.find(isAvailable) ?? state.scenarios[0];
      levers = (await attempt(() => api.levers(first.id))) ?? [];
      title = first.title;
    }
    $('#about-body').innerHTML = aboutHtml(levers, title);
    dialog.showModal();
  });
  dialog.querySelector('.close').addEventListener('click', () => dialog.close());
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
  document.querySelectorAll('input[name=runs]').forEach((r) => r.addEventListener('change', () => setRuns(Number(r.value))));
  $('#seed').addEventListener('change', () => setSeed(Number($('#seed').value)));
  $('#btn-new-seed').addEventListener('click', () => {
    const seed = 1 + Math.floor(Math.random() * 99999);
    $('#seed').value = seed;
    setSeed(seed);
  });
  document.querySelectorAll('input[name=arm]').forEach((r) => r.addEventListener('change', () => selectArmTab(r.value)));
  document.querySelectorAll('input[name=colour]').forEach((r) => r.addEventListener('change', () => {
    state.colour = r.value;
    for (const v of Object.values(state.views)) v.setMode(state.colour);
    showLegend();
  }));
  document.querySelectorAll('input[name=view]').forEach((r) => r.addEventListener('change', () => {
    state.view = r.value; state.chartsDirty = true; scheduleFrame();
  }));
  $('#btn-csv-all').addEventListener('click', () => exportCsv(state, state.session?.metrics ?? [], 'series'));
  $('#btn-net-png').addEventListener('click', () => exportNetworkPng(state));
  $('#btn-net-png').setAttribute('aria-label', 'Save the network picture as PNG');
  wireAboutDialog();
  wireJoinDialog($('#btn-join'), $('#join-dialog'));
  // Space plays or pauses, and "." steps, unless a control has the focus.
  document.addEventListener('keydown', (e) => {
    if ($('#main').hidden || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('dialog[open]')) return;
    const tag = document.activeElement?.tagName;
    if (['INPUT', 'SELECT', 'BUTTON', 'TEXTAREA', 'CANVAS', 'A'].includes(tag)) return;
    if (e.key === ' ') { e.preventDefault(); togglePlay(); }
    if (e.key === '.' && state.session?.status !== 'finished') { e.preventDefault(); control({ action: 'step' }); }
  });
  // The sticky panels sit under the top bar, whatever its height (it wraps on narrow screens).
  new ResizeObserver(([entry]) => {
    document.documentElement.style.setProperty('--top', `${Math.ceil(entry.borderBoxSize?.[0]?.blockSize ?? entry.target.offsetHeight)}px`);
  }).observe($('#topbar'));
  // Leaving or reloading the page ends its session (a reload starts a new one).
  window.addEventListener('pagehide', () => {
    if (state.session) fetch(`/api/sessions/${state.session.id}`, { method: 'DELETE', keepalive: true }).catch(() => {});
  });
}

wire();
loadScenarios();
