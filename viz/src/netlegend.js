// The network's key (colour scale and symbols) and its link-layer switches.
import { drawRamp } from './network.js';
import { cividis, viridis, layerColour, NOT_STARTED } from './colors.js';
import { escapeHtml } from './words.js';

/// `waiting`: a network has no people yet, so its dots are grey.
export function renderLegend(el, { colour, evidenceCount, waiting }) {
  const n = evidenceCount;
  const scale = colour === 'burnout'
    ? '<span>Burnout 0</span><canvas aria-hidden="true"></canvas><span>100 (≥ 50 is high)</span>'
    : `<span>Evidence items used:</span>${Array.from({ length: n + 1 }, (_, k) => `<span class="sym"><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="7" fill="${cividis(k / Math.max(1, n))}" stroke="#000"/></svg>${k}</span>`).join('')}`;
  el.innerHTML = `<span class="ramp">${scale}</span>
    ${waiting ? `<span class="sym waiting"><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="7" fill="${NOT_STARTED}" stroke="#000"/></svg> grey: waiting for the run (press Play or Step)</span>` : ''}
    <span class="sym"><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="6" fill="none" stroke="#4a5260" stroke-width="2.5"/></svg> vacant post</span>
    <span class="sym"><svg width="18" height="18" aria-hidden="true"><path d="M9 1 L17 9 L9 17 L1 9 Z" fill="#26828e" stroke="#000"/></svg> agency worker</span>
    <span class="sym"><svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="6" fill="#26828e" fill-opacity="0.45" stroke="#000" stroke-opacity="0.45"/></svg> absent this week</span>
    <span class="muted">Point at a person, or focus a network and use the arrow keys.</span>`;
  const ramp = el.querySelector('canvas');
  if (ramp) drawRamp(ramp, viridis);
}

/// One switch per contact layer; returns the layers shown at first. Big
/// graphs start with the densest layers hidden, so that the people stay visible.
export function renderLayerToggles(fs, graph, onChange) {
  fs.querySelectorAll('label').forEach((l) => l.remove());
  const many = graph.edges.length > 2000;
  const shown = new Set((graph.layers ?? []).filter((l) => !(many && (l === 'team' || l === 'cross_team'))));
  (graph.layers ?? []).forEach((layer, i) => {
    const count = graph.edges.filter((e) => e.layer === layer).length;
    const label = document.createElement('label');
    label.innerHTML = `<input type="checkbox" value="${escapeHtml(layer)}"${shown.has(layer) ? ' checked' : ''}>
      <span class="sw" style="background:${layerColour(layer, i)}"></span>${escapeHtml(layer.replace(/_/g, ' '))}`;
    label.title = `${count} links`;
    label.querySelector('input').addEventListener('change', (e) => {
      if (e.target.checked) shown.add(layer); else shown.delete(layer);
      onChange(shown);
    });
    fs.appendChild(label);
  });
  return shown;
}
