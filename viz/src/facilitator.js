// The facilitator's view (#facilitator=TOKEN): the room's sessions, each with
// an End button, the room's scenario, and the join addresses.
import { api, ApiError, setFacilitatorToken } from './api.js';
import { renderAddresses, fetchRoom } from './room.js';
import { plainWords } from './errors.js';
import { escapeHtml, idToWords } from './words.js';

const POLL_MS = 2000;
const $ = (s) => document.querySelector(s);

/// The token in the address, if this is the facilitator's link.
export function facilitatorToken() {
  return new URLSearchParams(location.hash.slice(1)).get('facilitator');
}

export async function openFacilitator(token, scenarios) {
  setFacilitatorToken(token);
  $('#chooser').hidden = true;
  const panel = $('#facilitator');
  panel.hidden = false;
  $('#scenario-title').textContent = 'facilitator';
  const select = $('#room-scenario');
  select.innerHTML = `<option value="">Each person chooses</option>${scenarios.map((s) =>
    `<option value="${escapeHtml(s.id)}">${escapeHtml(s.title ?? s.id)}</option>`).join('')}`;
  select.addEventListener('change', async () => {
    try {
      await api.setRoomScenario(select.value || null);
      say(select.value ? `Everyone who opens the page now gets “${select.selectedOptions[0].textContent}”.` : 'Everyone chooses their own scenario.');
    } catch (e) { say(plainFor(e), true); }
  });
  const room = await fetchRoom();
  select.value = room.scenario ?? '';
  renderAddresses($('#fac-addresses'), room.addresses);
  poll();
}

const plainFor = (e) => plainWords(e, { session: false });

function say(text, error = false) {
  const el = $('#fac-message');
  el.textContent = text;
  el.classList.toggle('error', error);
}

let timer = 0;
async function poll() {
  clearTimeout(timer);
  try {
    const list = await api.roomSessions();
    render(list);
    timer = setTimeout(poll, POLL_MS);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      say('This facilitator link is not valid for this server (the server prints the right one when it starts).', true);
      $('#fac-body').hidden = true;
      return;
    }
    say(plainFor(e), true);
    timer = setTimeout(poll, POLL_MS * 2);
  }
}

const cell = (v) => (v === undefined || v === null || v === '' ? '—' : escapeHtml(String(v)));
/// The number of arms of a session (the server gives a count).
const armCount = (arms) => (Array.isArray(arms) ? arms.length
  : arms && typeof arms === 'object' ? Object.keys(arms).length : Number.isFinite(arms) ? arms : 1);

function render(answer) {
  $('#fac-body').hidden = false;
  const sessions = Array.isArray(answer) ? answer : answer?.sessions ?? [];
  const tbody = $('#fac-sessions tbody');
  tbody.innerHTML = sessions.length ? sessions.map((s) => `<tr data-session="${escapeHtml(s.id)}">
      <td><code>${cell(s.id)}</code></td><td>${cell(idToWords(s.scenario))}</td><td>${cell(s.client)}</td>
      <td class="num">${cell(s.week)} / ${cell(s.weeks)}</td><td>${cell(s.status)}</td>
      <td class="num">${cell(s.runs ?? 1)}</td><td class="num">${armCount(s.arms)}</td>
      <td class="num">${Number.isFinite(s.idle_seconds) ? Math.round(s.idle_seconds) : '—'}</td>
      <td><button type="button" class="small end" aria-label="End session ${escapeHtml(s.id)}">End</button></td></tr>`).join('')
    : '<tr><td colspan="9" class="muted">No one is running a simulation.</td></tr>';
  tbody.querySelectorAll('button.end').forEach((b) => b.addEventListener('click', async () => {
    const id = b.closest('tr').dataset.session;
    b.disabled = true;
    try { await api.endRoomSession(id); say(`Session ${id} ended.`); } catch (e) { say(plainFor(e), true); }
    poll();
  }));
  const playing = sessions.filter((s) => s.status === 'playing').length;
  const clients = new Set(sessions.map((s) => s.client).filter(Boolean)).size;
  const runs = sessions.reduce((n, s) => n + (s.runs ?? 1) * armCount(s.arms), 0);
  $('#fac-totals').textContent = `${sessions.length} session${sessions.length === 1 ? '' : 's'} from ${clients} computer${clients === 1 ? '' : 's'}; `
    + `${playing} playing; ${runs} simulated run${runs === 1 ? '' : 's'} in all.`;
}
