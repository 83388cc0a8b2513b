// Live uPlot charts of both runs, their difference, and PNG export.
import uPlot from 'uplot';
import { OKABE_ITO, ARM_COLOUR } from './colors.js';
import { band, pairedDifferences } from './ensemble.js';
import { signed } from './words.js';

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
  // An evidence item's id inside a label ("Uses research_briefings") as words.
  const words = String(d.label).replace(/\b\w+(?:_\w+)+\b/g, (id) => id.replace(/_/g, ' '));
  const label = cumulative ? `${words} since week 0` : words;
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

/// Values of one line of one run, on the weeks of `xs` (null where missing).
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

/// A colour with some transparency, for a band: '#0072B2' → 'rgba(0,114,178,a)'.
function translucent(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/// The smallest span of a y axis: an all-zero metric still gets an axis of
/// distinct ticks (0 to 1 %, or 0 to 5 people), never "0, 0, 0".
const minSpan = (digits) => (digits === 0 ? 5 : 1);
const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

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
    this.arms = ['a']; this.runs = 1; this.view = 'both'; this.u = null;
    this.ro = new ResizeObserver(() => {
      if (this.u) this.u.setSize({ width: this.width(), height: this.height() });
    });
    this.ro.observe(this.plotEl);
  }

  width() { return Math.max(200, this.plotEl.clientWidth); }
  height() { return 200; }

  configure(arms, runs, view) {
    if (this.u && arms.join() === this.arms.join() && runs === this.runs && view === this.view) return;
    this.arms = arms; this.runs = runs; this.view = view;
    this.data = undefined;
    this.build();
  }

  showsDifference() { return this.view === 'diff' && this.arms.includes('b'); }

  /// What each plotted series is: a run's line, the mean of the paired
  /// differences, or the low or high edge of a band.
  plan() {
    const def = this.def, multi = def.lines.length > 1, ensemble = this.runs > 1;
    const fmt = (signedValue) => (u, v) => (v == null ? '—'
      : signedValue ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(def.digits)}` : v.toFixed(def.digits));
    const colourOf = (l, i) => OKABE_ITO[(i + (l.metric.startsWith('uptake/') ? 2 : 0)) % 8];
    const out = [];
    const addBand = (base, colour) => {
      out.push({ ...base, kind: 'lo', label: `${base.label}: lowest of ${this.runs} runs`, stroke: colour, width: 0, band: colour });
      out.push({ ...base, kind: 'hi', label: `${base.label}: highest of ${this.runs} runs`, stroke: colour, width: 0, band: colour,
        bandLabel: `${base.label}: lowest to highest of ${this.runs} runs` });
    };
    if (this.showsDifference()) {
      def.lines.forEach((l, i) => {
        const colour = multi ? colourOf(l, i) : '#000000';
        const base = { line: i, label: `B − A · ${l.label}`, value: fmt(true) };
        out.push({ ...base, kind: ensemble ? 'mean' : 'diff', stroke: colour, width: 2.5,
          label: ensemble ? `B − A · ${l.label} (mean of ${this.runs} paired runs)` : base.label });
        if (ensemble) addBand(base, colour);
      });
    } else {
      for (const arm of this.arms) {
        def.lines.forEach((l, i) => {
          const colour = multi ? colourOf(l, i) : ARM_COLOUR[arm];
          const base = { arm, line: i, label: `${arm.toUpperCase()} · ${l.label}`, value: fmt(false) };
          out.push({ ...base, kind: 'run', stroke: colour, width: 2.5, dash: arm === 'b' ? [9, 5] : undefined,
            label: ensemble ? `${base.label} (run 1)` : base.label });
          if (ensemble) addBand(base, colour);
        });
      }
    }
    return out;
  }

  build() {
    if (this.u) { this.u.destroy(); this.u = null; }
    const axis = { stroke: '#111418', grid: { stroke: '#e3e6ea', width: 1 }, ticks: { stroke: '#c9ced6' },
      font: '14px system-ui, sans-serif', labelFont: '600 14px system-ui, sans-serif' };
    const diff = this.showsDifference();
    const span = minSpan(this.def.digits);
    this.series = this.plan();
    const bands = [];
    this.series.forEach((s, i) => { if (s.kind === 'hi') bands.push({ series: [i + 1, i], fill: translucent(s.band, diff ? 0.2 : 0.16) }); });
    const opts = {
      width: this.width(), height: this.height(),
      pxAlign: 0,
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: { x: { time: false }, y: { auto: true, range: (u, min, max) => {
        if (min == null || max == null || !Number.isFinite(min) || !Number.isFinite(max)) { min = 0; max = 0; }
        if (diff) { const m = Math.max(Math.abs(min), Math.abs(max), span / 2); return [-m * 1.1, m * 1.1]; }
        if (!this.def.zeroBased) {
          const pad = Math.max((max - min) * 0.08, Math.abs(max) * 0.02);
          const mid = (min + max) / 2, half = Math.max((max - min) / 2 + pad, span / 2);
          return [mid - half, mid + half];
        }
        const lo = Math.min(0, min), hi = Math.max(max, lo + span);
        return [lo, hi + (hi - lo) * 0.08];
      } } },
      // Weeks, and counts of people, have whole-number ticks.
      axes: [{ ...axis, label: 'week', labelSize: 22, size: 36, incrs: WHOLE_STEPS },
        { ...axis, size: 52, ...(this.def.digits === 0 && !diff ? { incrs: WHOLE_STEPS } : {}) }],
      legend: { live: true },
      bands,
      series: [{ label: 'week', value: (u, v) => (v == null ? '—' : v) },
        ...this.series.map((s) => ({ label: s.label, stroke: s.stroke, width: s.width, dash: s.dash, value: s.value,
          points: s.width > 0 ? {} : { show: false } }))],
      hooks: {
        // Not hovering: the legend shows the latest week's values. uPlot
        // applies new data after a redraw, so this runs after each one.
        draw: [(u) => this.legendAtLatest(u)],
        setCursor: [(u) => this.legendAtLatest(u)],
        ...(diff ? { drawAxes: [(u) => {
          const y0 = u.valToPos(0, 'y', true);
          const c = u.ctx; c.save(); c.strokeStyle = '#4a5260'; c.lineWidth = 2; c.setLineDash([6, 4]);
          c.beginPath(); c.moveTo(u.bbox.left, y0); c.lineTo(u.bbox.left + u.bbox.width, y0); c.stroke(); c.restore();
        }] } : {}),
      },
    };
    this.u = new uPlot(opts, this.data ?? [[], ...this.series.map(() => [])], this.plotEl);
    // A band's edges are not lines of their own: the legend names the line it surrounds.
    const rows = this.u.root.querySelectorAll('.u-legend .u-series');
    this.series.forEach((s, i) => { if (s.kind === 'lo' || s.kind === 'hi') rows[i + 1]?.classList.add('band-edge'); });
    this.el.dataset.bands = String(bands.length);
  }

  legendAtLatest(u) {
    const n = u.data[0]?.length ?? 0;
    if (u.cursor.idx == null && n && u.legend.idx !== n - 1) u.setLegend({ idx: n - 1 }, false);
  }

  /// Recomputes the plotted data from the stores: stores[arm][run].
  update(stores) {
    const xsSet = new Set();
    for (const arm of this.arms) stores[arm]?.[0]?.weeks.forEach((w) => xsSet.add(w));
    const xs = [...xsSet].sort((p, q) => p - q);
    // per[arm][line][run]: the values of each run on the weeks xs.
    const per = {};
    for (const arm of this.arms) {
      per[arm] = this.def.lines.map((l) => Array.from({ length: this.runs }, (_, r) => lineValues(stores[arm]?.[r], l, xs)));
    }
    const differences = this.arms.includes('b')
      ? this.def.lines.map((_, i) => pairedDifferences(per.a[i], per.b[i])) : null;
    const bands = new Map();
    const bandOf = (key, columns) => { if (!bands.has(key)) bands.set(key, band(columns)); return bands.get(key); };
    const ys = this.series.map((s) => {
      if (s.kind === 'run') return per[s.arm][s.line][0];
      if (s.kind === 'diff') return differences[s.line][0];
      const b = s.arm ? bandOf(`${s.arm}${s.line}`, per[s.arm][s.line]) : bandOf(`d${s.line}`, differences[s.line]);
      return s.kind === 'lo' ? b.lo : s.kind === 'hi' ? b.hi : b.mean;
    });
    this.data = [xs, ...ys];
    this.xs = xs; this.per = per; this.differences = differences;
    // The widest band drawn, for the page's end-to-end test: 0 with one run.
    let spread = 0;
    this.series.forEach((s, i) => {
      if (s.kind === 'hi') ys[i].forEach((hi, k) => { if (hi != null && ys[i - 1][k] != null) spread = Math.max(spread, hi - ys[i - 1][k]); });
    });
    this.el.dataset.bandSpread = String(spread);
    this.u?.setData(this.data);
    this.updateText();
  }

  /// The latest index of xs at which every run of the shown arms has a value.
  latestComplete() {
    let k = this.xs.length - 1;
    const missing = (k) => this.arms.some((arm) => this.per[arm].some((runs) => runs.some((col) => col[k] == null)));
    while (k >= 0 && missing(k)) k--;
    return k;
  }

  /// One line of text above the plot: how far B is from A (in this run, or
  /// across the paired runs), or the spread of the runs of a single arm.
  updateText() {
    const def = this.def, multi = def.lines.length > 1;
    if (!this.xs) { this.diffEl.textContent = ''; return; }
    const sameRuns = this.runs > 1;
    if (!this.arms.includes('b') && !sameRuns) { this.diffEl.textContent = ''; return; }
    const k = this.latestComplete();
    if (k < 0) { this.diffEl.textContent = this.arms.includes('b') ? 'B − A: waiting for both runs' : `Waiting for the ${this.runs} runs`; return; }
    const week = this.xs[k];
    const named = (l, text) => `${multi ? `${l.label} ` : ''}${text}`;
    const fixed = (v) => v.toFixed(def.digits);
    if (this.arms.includes('b')) {
      if (!sameRuns) {
        const parts = def.lines.map((l, i) => named(l, signed(this.differences[i][0][k], def.digits)));
        this.diffEl.textContent = `B − A at week ${week} in this run: ${parts.join(', ')}`;
        return;
      }
      const parts = def.lines.map((l, i) => {
        const b = band(this.differences[i].map((col) => [col[k]]));
        return named(l, `${signed(b.lo[0], def.digits)} to ${signed(b.hi[0], def.digits)}`
          + `${multi ? '' : ` across ${this.runs} paired runs`} (mean ${signed(b.mean[0], def.digits)})`);
      });
      this.diffEl.textContent = `B − A at week ${week}: ${parts.join('; ')}${multi ? ` across ${this.runs} paired runs` : ''}`;
      return;
    }
    const parts = def.lines.map((l, i) => {
      const b = band(this.per.a[i].map((col) => [col[k]]));
      return named(l, `${fixed(b.lo[0])} to ${fixed(b.hi[0])} (run 1: ${fixed(this.per.a[i][0][k])})`);
    });
    this.diffEl.textContent = `Week ${week}, ${this.runs} runs: ${parts.join('; ')}`;
  }

  /// The chart as a PNG blob: title, plot and legend on white.
  toPng(subtitle) {
    const u = this.u;
    const src = u.ctx.canvas;
    const dpr = src.width / Math.max(1, u.width);
    const shown = this.series.map((s, i) => ({ s, uS: u.series[i + 1] })).filter(({ s }) => s.kind !== 'lo');
    const legendRows = shown.length;
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
    shown.forEach(({ s }, i) => {
      const x = pad + (i % cols) * colW, y = titleH + src.height + 6 * dpr + Math.floor(i / cols) * rowH;
      if (s.kind === 'hi') {
        g.fillStyle = translucent(s.band, 0.3); g.fillRect(x, y + 2 * dpr, 30 * dpr, 12 * dpr);
      } else {
        g.strokeStyle = s.stroke;
        g.lineWidth = 3 * dpr; g.setLineDash((s.dash ?? []).map((d) => d * dpr));
        g.beginPath(); g.moveTo(x, y + 8 * dpr); g.lineTo(x + 30 * dpr, y + 8 * dpr); g.stroke();
        g.setLineDash([]);
      }
      g.fillStyle = '#111418';
      g.fillText(s.kind === 'hi' ? s.bandLabel : s.label, x + 38 * dpr, y);
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
