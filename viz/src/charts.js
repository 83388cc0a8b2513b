// Live uPlot charts of both runs, their difference, and PNG export.
import uPlot from 'uplot';
import { OKABE_ITO, ARM_COLOUR } from './colors.js';

const pct = (v) => v * 100;

/// The charts: which metrics each shows, and their digits. Titles, units and
/// scaling come from the server's description of each metric (`info`, by
/// name, from GET /api/sessions/ID/metrics); only the grouping is decided here.
const GROUPS = [
  { id: 'burnout', metrics: ['burnout_mean'], digits: 1 },
  { id: 'burnout_high', metrics: ['burnout_high_share'], digits: 1 },
  { id: 'absence', metrics: ['absence_rate'], digits: 1 },
  { id: 'leavers', title: 'Leavers and vacancies', metrics: ['leavers', 'vacancies'], cumulative: ['leavers'], digits: 0 },
  { id: 'agency', metrics: ['agency_share'], digits: 1 },
  { id: 'uptake', title: 'Evidence uptake', prefix: 'uptake/', digits: 1 },
];

/// A summed weekly count ("people per week") is a count ("people").
const cumulativeUnit = (unit) => unit.replace(/ per week$/, '');

/// One line: its label and unit as described, a share scaled to %, a
/// cumulative line counted from week 0.
function lineOf(metric, d, cumulative) {
  const label = cumulative ? `${d.label} since week 0` : d.label;
  const unit = cumulative ? cumulativeUnit(d.unit ?? '') : (d.unit ?? '');
  return { metric, label, unit, f: d.share ? pct : undefined, cumulative, zeroBased: d.zero_based ?? true };
}

export function chartDefinitions(metrics, info) {
  const describe = (m) => info?.[m] ?? { label: m.replace(/_/g, ' '), unit: '' };
  const defs = [];
  for (const g of GROUPS) {
    const names = g.prefix ? metrics.filter((m) => m.startsWith(g.prefix)) : g.metrics.filter((m) => metrics.includes(m));
    if (!names.length) continue;
    const lines = names.map((m) => lineOf(m, describe(m), g.cumulative?.includes(m) ?? false));
    const units = [...new Set(lines.map((l) => l.unit))];
    // One unit for the chart, or each line's own when they differ.
    const unit = units.length === 1 ? units[0] : lines.map((l) => `${l.label}: ${l.unit}`).join('; ');
    const title = g.title ?? lines[0].label;
    // The axis starts at 0 unless a line's metric says otherwise (a mean score, say).
    const zeroBased = lines.every((l) => l.zeroBased);
    defs.push({ id: g.id, title, unit, lines, digits: g.digits, zeroBased });
  }
  return defs;
}

/// Values of one line for one arm, on the weeks of `xs` (null where missing).
function lineValues(store, line, xs) {
  if (!store) return xs.map(() => null);
  const src = store.values[line.metric] ?? [];
  const byWeek = new Map();
  let acc = 0;
  store.weeks.forEach((w, i) => {
    let v = src[i];
    if (v === null || v === undefined || !Number.isFinite(v)) { byWeek.set(w, null); return; }
    if (line.cumulative) { acc += v; v = acc; }
    byWeek.set(w, line.f ? line.f(v) : v);
  });
  return xs.map((w) => (byWeek.has(w) ? byWeek.get(w) : null));
}

export class Chart {
  constructor(def, parent, { onPng, onCsv }) {
    this.def = def;
    this.el = document.createElement('figure');
    this.el.className = 'chart';
    this.el.dataset.chart = def.id;
    const hid = `chart-h-${def.id}`;
    this.el.setAttribute('aria-labelledby', hid);
    this.el.innerHTML = `<header><h3 id="${hid}">${def.title} <span class="unit">${def.unit}</span></h3>
      <button type="button" class="small png" aria-label="Save the chart ${def.title} as PNG">PNG</button>
      <button type="button" class="small csv" aria-label="Save the data of ${def.title} as CSV">CSV</button></header>
      <p class="diff" aria-live="off"></p><div class="plot"></div>`;
    this.el.querySelector('.png').addEventListener('click', () => onPng(this));
    this.el.querySelector('.csv').addEventListener('click', () => onCsv(this));
    parent.appendChild(this.el);
    this.plotEl = this.el.querySelector('.plot');
    this.diffEl = this.el.querySelector('.diff');
    this.arms = ['a']; this.view = 'both'; this.u = null;
    this.ro = new ResizeObserver(() => {
      if (this.u) this.u.setSize({ width: this.width(), height: this.height() });
    });
    this.ro.observe(this.plotEl);
  }

  width() { return Math.max(200, this.plotEl.clientWidth); }
  height() { return 200; }

  configure(arms, view) {
    if (this.u && arms.join() === this.arms.join() && view === this.view) return;
    this.arms = arms; this.view = view;
    this.build();
  }

  seriesSpec() {
    const def = this.def;
    const multi = def.lines.length > 1;
    const out = [];
    if (this.view === 'diff' && this.arms.includes('b')) {
      def.lines.forEach((l, i) => out.push({
        label: `B − A${multi || true ? ` · ${l.label}` : ''}`, stroke: multi ? OKABE_ITO[i % 8] : '#000000', width: 2.5,
        value: (u, v) => (v == null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(def.digits)}`),
      }));
    } else {
      for (const arm of this.arms) {
        def.lines.forEach((l, i) => out.push({
          label: `${arm.toUpperCase()} · ${l.label}`,
          stroke: multi ? OKABE_ITO[(i + (l.metric.startsWith('uptake/') ? 2 : 0)) % 8] : ARM_COLOUR[arm],
          width: arm === 'a' ? 2.5 : 2.5, dash: arm === 'b' ? [9, 5] : undefined,
          value: (u, v) => (v == null ? '—' : v.toFixed(def.digits)),
        }));
      }
    }
    return out;
  }

  build() {
    if (this.u) { this.u.destroy(); this.u = null; }
    const axis = { stroke: '#111418', grid: { stroke: '#e3e6ea', width: 1 }, ticks: { stroke: '#c9ced6' },
      font: '14px system-ui, sans-serif', labelFont: '600 14px system-ui, sans-serif' };
    const diff = this.view === 'diff' && this.arms.includes('b');
    const opts = {
      width: this.width(), height: this.height(),
      pxAlign: 0,
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: { x: { time: false }, y: { auto: true, range: (u, min, max) => {
        if (diff) { const m = Math.max(Math.abs(min ?? 0), Math.abs(max ?? 0), 1e-9); return [-m * 1.1, m * 1.1]; }
        if (!this.def.zeroBased && min != null && max != null) {
          const pad = Math.max((max - min) * 0.08, Math.abs(max) * 0.02, 1e-6);
          return [min - pad, max + pad];
        }
        const lo = Math.min(0, min ?? 0), hi = Math.max(max ?? 1, lo + 1e-9);
        return [lo, hi + (hi - lo) * 0.08];
      } } },
      axes: [{ ...axis, label: 'week', labelSize: 22, size: 36 }, { ...axis, size: 52 }],
      legend: { live: true },
      series: [{ label: 'week', value: (u, v) => (v == null ? '—' : v) }, ...this.seriesSpec()],
      hooks: diff ? { drawAxes: [(u) => {
        const y0 = u.valToPos(0, 'y', true);
        const c = u.ctx; c.save(); c.strokeStyle = '#4a5260'; c.lineWidth = 2; c.setLineDash([6, 4]);
        c.beginPath(); c.moveTo(u.bbox.left, y0); c.lineTo(u.bbox.left + u.bbox.width, y0); c.stroke(); c.restore();
      }] } : {},
    };
    this.u = new uPlot(opts, this.data ?? [[]].concat(opts.series.slice(1).map(() => [])), this.plotEl);
  }

  /// Recomputes the plotted data from the stores of both runs.
  update(stores) {
    const xsSet = new Set();
    for (const arm of this.arms) stores[arm]?.weeks.forEach((w) => xsSet.add(w));
    const xs = [...xsSet].sort((p, q) => p - q);
    const ys = [];
    const per = {};
    for (const arm of this.arms) per[arm] = this.def.lines.map((l) => lineValues(stores[arm], l, xs));
    const diff = this.view === 'diff' && this.arms.includes('b');
    if (diff) {
      this.def.lines.forEach((l, i) => ys.push(xs.map((_, k) => {
        const a = per.a[i][k], b = per.b[i][k];
        return a == null || b == null ? null : b - a;
      })));
    } else {
      for (const arm of this.arms) ys.push(...per[arm]);
    }
    this.data = [xs, ...ys];
    this.xs = xs; this.per = per;
    if (this.u) {
      this.u.setData(this.data);
      // Not hovering: the legend shows the latest week's values.
      if (this.u.cursor.left < 0 && xs.length) this.u.setLegend({ idx: xs.length - 1 });
    }
    this.updateDiffText();
  }

  updateDiffText() {
    if (!this.arms.includes('b') || !this.xs) { this.diffEl.textContent = ''; return; }
    // Latest week both runs have reached.
    let k = this.xs.length - 1;
    while (k >= 0 && this.def.lines.some((_, i) => this.per.a[i][k] == null || this.per.b[i][k] == null)) k--;
    if (k < 0) { this.diffEl.textContent = 'B − A: waiting for both runs'; return; }
    const parts = this.def.lines.map((l, i) => {
      const d = this.per.b[i][k] - this.per.a[i][k];
      return `${this.def.lines.length > 1 ? `${l.label} ` : ''}${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(this.def.digits)}`;
    });
    this.diffEl.textContent = `B − A at week ${this.xs[k]}: ${parts.join(', ')}`;
  }

  /// The chart as a PNG blob: title, plot and legend on white.
  toPng(subtitle) {
    const u = this.u;
    const src = u.ctx.canvas;
    const dpr = src.width / Math.max(1, u.width);
    const legendRows = u.series.length - 1;
    const pad = 16 * dpr, rowH = 22 * dpr;
    const cols = legendRows > 3 ? 2 : 1;
    const legendH = Math.ceil(legendRows / cols) * rowH + 10 * dpr;
    const c = document.createElement('canvas');
    const g = c.getContext('2d');
    // The subtitle, wrapped to the plot's width.
    const subFont = `${13 * dpr}px system-ui, sans-serif`;
    g.font = subFont;
    const lines = wrapText(g, subtitle, src.width);
    const titleH = (38 + 17 * lines.length) * dpr;
    c.width = src.width + 2 * pad; c.height = titleH + src.height + legendH + pad;
    g.fillStyle = '#ffffff'; g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = '#111418'; g.textBaseline = 'top';
    g.font = `700 ${18 * dpr}px system-ui, sans-serif`;
    g.fillText(`${this.def.title} (${this.def.unit})`, pad, 8 * dpr);
    g.font = subFont; g.fillStyle = '#4a5260';
    lines.forEach((l, i) => g.fillText(l, pad, (32 + 17 * i) * dpr));
    g.drawImage(src, pad, titleH);
    g.font = `${14 * dpr}px system-ui, sans-serif`;
    const colW = (c.width - 2 * pad) / cols;
    u.series.slice(1).forEach((s, i) => {
      const x = pad + (i % cols) * colW, y = titleH + src.height + 6 * dpr + Math.floor(i / cols) * rowH;
      g.strokeStyle = typeof s.stroke === 'function' ? s.stroke(u, i + 1) : s.stroke;
      g.lineWidth = 3 * dpr; g.setLineDash((s.dash ?? []).map((d) => d * dpr));
      g.beginPath(); g.moveTo(x, y + 8 * dpr); g.lineTo(x + 30 * dpr, y + 8 * dpr); g.stroke();
      g.setLineDash([]); g.fillStyle = '#111418';
      g.fillText(s.label, x + 38 * dpr, y);
    });
    return dataUrlToBlob(c.toDataURL('image/png'));
  }

  destroy() { this.ro.disconnect(); if (this.u) this.u.destroy(); this.el.remove(); }
}

/// A data: URL as a Blob, synchronously.
export function dataUrlToBlob(url) {
  const [head, body] = url.split(',');
  const bytes = Uint8Array.from(atob(body), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: head.slice(5).split(';')[0] });
}

/// `text` in lines no wider than `width` in the context's current font.
export function wrapText(g, text, width) {
  const lines = [];
  for (const word of text.split(' ')) {
    const line = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
    if (lines.length && g.measureText(line).width <= width) lines[lines.length - 1] = line;
    else lines.push(word);
  }
  return lines;
}
