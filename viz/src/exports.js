// Saving what the page shows: chart PNGs, series CSVs, the network picture.
import { storeArrays } from './ensemble.js';
import { dataUrlToBlob, wrapText } from './charts.js';

export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export function fileStem(state, what) {
  return `wfsim-${state.scenario?.id ?? 'run'}-${what}-week${state.session?.week ?? 0}`;
}

/// The line under a saved picture's title: scenario, seed, runs, week and the levers changed.
export function subtitle(state) {
  const s = state.session;
  const arms = state.arms.includes('b') ? 'runs A (solid) and B (dashed), same random numbers' : 'run A';
  const runs = state.runs > 1 ? `${state.runs} runs each (line: run 1; shaded: lowest to highest)` : 'one run';
  const changed = (arm) => Object.entries(state.values[arm]).filter(([k, v]) => v !== state.defaults[k])
    .map(([k, v]) => `${k}=${v}`).join(', ') || 'scenario values';
  const levers = state.arms.includes('b') ? `A: ${changed('a')}; B: ${changed('b')}` : changed('a');
  return `${state.scenario?.title ?? ''} · seed ${s?.seed ?? '?'} · ${runs} · week ${s?.week ?? 0} · ${arms} · ${levers}`.slice(0, 400);
}

function csvCell(v) {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/// The weekly series of every run shown, one row per arm, run and week: the
/// page's copy, which it keeps complete (it fetches any weeks it missed).
export function exportCsv(state, metrics, what) {
  if (!state.session) return;
  const all = state.session.metrics ?? [];
  const lines = [['arm', 'run', 'week', ...metrics].map(csvCell).join(',')];
  for (const arm of state.arms) {
    state.stores[arm].forEach((store, r) => {
      const d = storeArrays(store, all);
      d.weeks.forEach((w, i) => {
        lines.push([arm, r + 1, w, ...metrics.map((m) => d.values?.[m]?.[i])].map(csvCell).join(','));
      });
    });
  }
  download(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), `${fileStem(state, what)}.csv`);
}

export function exportNetworkPng(state) {
  const canvases = state.arms.map((a) => document.getElementById(`net-${a}`));
  const w = canvases.reduce((s, c) => s + c.width, 0) + 12 * (canvases.length - 1);
  const h = Math.max(...canvases.map((c) => c.height));
  const out = document.createElement('canvas');
  let g = out.getContext('2d');
  g.font = '15px system-ui, sans-serif';
  const lines = wrapText(g, subtitle(state), w - 20);
  const top = 40 + 19 * lines.length;
  out.width = w; out.height = h + top;
  g = out.getContext('2d');
  g.fillStyle = '#ffffff'; g.fillRect(0, 0, w, h + top);
  g.fillStyle = '#111418'; g.font = '700 22px system-ui, sans-serif'; g.textBaseline = 'top';
  g.fillText(`People of run 1 coloured by ${state.colour === 'burnout' ? 'burnout (viridis: dark 0, yellow 100)' : `evidence items used (cividis: dark 0, yellow ${(state.session?.evidence ?? []).length})`}; hollow = vacant, diamond = agency`, 10, 6);
  g.font = '15px system-ui, sans-serif'; g.fillStyle = '#4a5260';
  lines.forEach((l, i) => g.fillText(l, 10, 34 + 19 * i));
  let x = 0;
  canvases.forEach((c, i) => {
    g.drawImage(c, x, top);
    g.fillStyle = i ? '#D55E00' : '#0072B2'; g.fillRect(x + 8, top + 8, 74, 26);
    g.fillStyle = '#fff'; g.font = '700 17px system-ui, sans-serif'; g.fillText(`Run ${state.arms[i].toUpperCase()}`, x + 14, top + 12);
    x += c.width + 12;
  });
  download(dataUrlToBlob(out.toDataURL('image/png')), `${fileStem(state, 'network')}.png`);
}
