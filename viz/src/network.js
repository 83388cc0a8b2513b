// The people on a <canvas>: one node per post, clustered by team with d3-force,
// coloured by burnout (viridis) or by evidence use (cividis); vacant posts hollow.
import { forceSimulation, forceManyBody, forceCollide, forceX, forceY, forceLink } from 'd3-force';
import { cividis, viridis, layerColour, NOT_STARTED } from './colors.js';
import { idToWords } from './words.js';

const LAYOUT_REFINE = 800;
const teamKey = (n) => `${n.org}|${n.team_index ?? n.team}`;

/// Positions in layout units (a node has radius 1). Deterministic: d3-force
/// seeds its own random source, and the initial positions depend only on the graph.
export function computeLayout(graph, aspect = 2) {
  const nodes = graph.nodes;
  const groups = new Map();
  nodes.forEach((n, i) => {
    const k = teamKey(n);
    if (!groups.has(k)) groups.set(k, { key: k, team: n.team, org: n.org, members: [] });
    groups.get(k).members.push(i);
  });
  const glist = [...groups.values()];
  const gindex = new Map(glist.map((g, i) => [g.key, i]));
  const nodeGroup = nodes.map((n) => gindex.get(teamKey(n)));

  // 1. Team clusters as discs, drawn together by the links between teams.
  // Start on a sunflower spiral spaced by the mean disc size, so that the
  // simulation has little overlap to undo.
  const radii = glist.map((g) => Math.sqrt(g.members.length) * 1.75 + 1.5);
  const spacing = 1.9 * radii.reduce((a, b) => a + b, 0) / Math.max(1, radii.length);
  const gnodes = glist.map((g, i) => {
    const a = i * 2.39996, rr = Math.sqrt(i + 0.5) * spacing;
    return { r: radii[i], x: Math.cos(a) * rr * aspect ** 0.5, y: Math.sin(a) * rr / aspect ** 0.5 };
  });
  const between = new Map();
  for (const e of graph.edges) {
    const ga = nodeGroup[e.a], gb = nodeGroup[e.b];
    if (ga === undefined || gb === undefined || ga === gb) continue;
    const k = ga < gb ? `${ga},${gb}` : `${gb},${ga}`;
    between.set(k, (between.get(k) ?? 0) + 1);
  }
  const glinks = [...between.entries()].map(([k, w]) => {
    const [s, t] = k.split(',').map(Number);
    return { source: s, target: t, w };
  });
  const maxW = Math.max(1, ...glinks.map((l) => l.w));
  // Several organisations: each gathers its teams around its own centre, so
  // that it reads as one region with its name.
  const orgNames = [...new Set(glist.map((g) => g.org))];
  const orgCentre = new Map(orgNames.map((o, i) => {
    const a = i * 2.39996, rr = orgNames.length > 1 ? Math.sqrt(i + 0.5) * spacing * 3 : 0;
    return [o, { x: Math.cos(a) * rr * aspect ** 0.5, y: Math.sin(a) * rr / aspect ** 0.5 }];
  }));
  if (orgNames.length > 1) gnodes.forEach((g, i) => { const c = orgCentre.get(glist[i].org); g.x += c.x; g.y += c.y; });
  const pull = orgNames.length > 1 ? 0.12 : 0.05;
  forceSimulation(gnodes)
    .force('charge', forceManyBody().strength(-30))
    .force('collide', forceCollide((d) => d.r + 3.5).iterations(2))
    .force('link', forceLink(glinks).strength((l) => 0.05 + 0.25 * l.w / maxW).distance((l) => gnodes[l.source.index ?? l.source].r + gnodes[l.target.index ?? l.target].r + 4))
    .force('x', forceX((d, i) => orgCentre.get(glist[i].org).x).strength(pull / aspect))
    .force('y', forceY((d, i) => orgCentre.get(glist[i].org).y).strength(pull * aspect))
    .stop().tick(glist.length > 60 ? 120 : 300);

  // 2. People inside their team's disc.
  const memberIndex = new Int32Array(nodes.length);
  for (const g of glist) g.members.forEach((i, j) => { memberIndex[i] = j; });
  const pnodes = nodes.map((n, i) => {
    const g = gnodes[nodeGroup[i]];
    const j = memberIndex[i];
    const a = j * 2.39996; // golden angle spiral start
    const rr = Math.sqrt(j + 0.5) * 1.5;
    return { x: g.x + Math.cos(a) * rr, y: g.y + Math.sin(a) * rr, g: nodeGroup[i] };
  });
  const inner = graph.edges.filter((e) => nodeGroup[e.a] === nodeGroup[e.b] && e.layer !== 'team')
    .map((e) => ({ source: e.a, target: e.b }));
  // Each team starts as a sunflower spiral (no two people overlap); up to
  // LAYOUT_REFINE people, a short simulation then lets supervisors and
  // supervisees settle together. Beyond, the spiral stays (the collision
  // force would take seconds).
  if (nodes.length <= LAYOUT_REFINE) {
    forceSimulation(pnodes)
      .force('x', forceX((d) => gnodes[d.g].x).strength(0.25))
      .force('y', forceY((d) => gnodes[d.g].y).strength(0.25))
      .force('collide', forceCollide(1.45))
      .force('link', forceLink(inner).strength(0.03).distance(3))
      .stop().tick(80);
  }

  const x = new Float32Array(nodes.length), y = new Float32Array(nodes.length);
  pnodes.forEach((p, i) => { x[i] = p.x; y[i] = p.y; });
  const labels = glist.map((g) => {
    let minY = Infinity, maxY = -Infinity, sx = 0;
    for (const i of g.members) { minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]); sx += x[i]; }
    return { text: idToWords(g.team), x: sx / g.members.length, y: minY - 1.6, below: maxY + 1.6, size: g.members.length };
  });
  // One region label per organisation, above its people, when there are
  // several; an organisation of one team is named in its team's label.
  const teamsOf = (o) => glist.filter((g) => g.org === o).length;
  if (orgNames.length > 1) {
    glist.forEach((g, i) => { if (teamsOf(g.org) === 1) { labels[i].text = `${labels[i].text} (${idToWords(g.org)})`; labels[i].namesOrg = true; } });
  }
  const regions = orgNames.length < 2 ? [] : orgNames.filter((o) => teamsOf(o) > 1).map((o) => {
    let minY = Infinity, sx = 0, n = 0;
    nodes.forEach((node, i) => { if (node.org === o) { minY = Math.min(minY, y[i]); sx += x[i]; n++; } });
    return { text: idToWords(o), x: sx / n, y: minY - 1.6, size: n };
  });
  return { x, y, labels, regions, nodeGroup };
}

function tenureText(weeks) {
  if (!Number.isFinite(weeks) || weeks < 0) return '—';
  const y = Math.floor(weeks / 52), m = Math.floor((weeks % 52) / 4.345);
  return y > 0 ? `${y} y ${m} m` : `${m} m (${weeks} weeks)`;
}

export class NetworkView {
  constructor(canvas, tooltip, armName) {
    this.canvas = canvas; this.tooltip = tooltip; this.armName = armName;
    this.ctx = canvas.getContext('2d');
    this.graph = null; this.layout = null; this.people = null; this.week = 0;
    this.mode = 'burnout'; this.layers = new Set(); this.nEvidence = 1;
    this.hover = -1; this.dirty = true; this.edgeCache = null;
    // The canvas's CSS size, kept by the observer: reading clientWidth in every
    // frame would force a layout.
    this.cssW = 0; this.cssH = 0;
    this.ro = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      this.cssW = r.width; this.cssH = r.height;
      this.edgeCache = null; this.requestDraw();
    });
    this.ro.observe(canvas);
    canvas.addEventListener('mousemove', (e) => this.onMove(e));
    canvas.addEventListener('mouseleave', () => { this.setHover(-1); });
    canvas.addEventListener('keydown', (e) => this.onKey(e));
    canvas.addEventListener('blur', () => this.setHover(-1));
    canvas.setAttribute('role', 'img');
  }

  setGraph(graph, layout) {
    this.graph = graph; this.layout = layout; this.people = null; this.hover = -1;
    this.edgeCache = null; this.requestDraw();
  }
  setPeople(people, week) { this.people = people; this.week = week; this.requestDraw(); if (this.hover >= 0) this.showTooltip(); }
  setMode(mode) { this.mode = mode; this.requestDraw(); }
  setLayers(layers) { this.layers = new Set(layers); this.edgeCache = null; this.requestDraw(); }
  setEvidenceCount(n) { this.nEvidence = Math.max(1, n); this.requestDraw(); }

  requestDraw() {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => { this.raf = 0; this.draw(); });
  }

  /// Fits the layout into the canvas; returns the transform.
  fit(w, h) {
    const { x, y } = this.layout;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < x.length; i++) {
      x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]); y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]);
    }
    if (!Number.isFinite(x0)) { x0 = y0 = -1; x1 = y1 = 1; }
    const pad = 4, top = this.layout.regions.length ? 54 : 30;
    const sx = (w - 2 * pad) / (x1 - x0 + 4), sy = (h - pad - top) / (y1 - y0 + 5);
    const s = Math.min(sx, sy);
    // Spread the teams over a wide (or tall) canvas, at most 1.6 times the
    // other direction's scale: distances only grow, so no two people overlap.
    const kx = Math.min(sx, s * 1.6), ky = Math.min(sy, s * 1.6);
    const ox = (w - (x1 - x0) * kx) / 2 - x0 * kx;
    const oy = top + ((h - top - pad) - (y1 - y0) * ky) / 2 - y0 * ky + s;
    return { kx, ky, s, ox, oy, r: Math.max(2.2, Math.min(11, s * 0.95)) };
  }

  size() {
    const dpr = window.devicePixelRatio || 1;
    if (!this.cssW) { this.cssW = this.canvas.clientWidth; this.cssH = this.canvas.clientHeight; }
    const w = this.cssW, h = this.cssH;
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr); this.canvas.height = Math.round(h * dpr);
      this.edgeCache = null;
    }
    return { w, h, dpr };
  }

  drawEdges(t, w, h, dpr) {
    const c = document.createElement('canvas');
    c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
    const g = c.getContext('2d');
    g.scale(dpr, dpr);
    const { x, y } = this.layout;
    const edges = this.graph.edges;
    const alpha = Math.max(0.06, Math.min(0.55, 300 / Math.max(1, edges.length)));
    this.graph.layers.forEach((layer, li) => {
      if (!this.layers.has(layer)) return;
      g.strokeStyle = layerColour(layer, li);
      g.globalAlpha = layer === 'team' ? alpha * 0.6 : alpha * 1.4;
      g.lineWidth = layer === 'supervision' ? 1.6 : 1;
      g.beginPath();
      for (const e of edges) {
        if (e.layer !== layer) continue;
        g.moveTo(t.ox + x[e.a] * t.kx, t.oy + y[e.a] * t.ky);
        g.lineTo(t.ox + x[e.b] * t.kx, t.oy + y[e.b] * t.ky);
      }
      g.stroke();
    });
    this.edgeCache = c;
  }

  colourOf(i) {
    const p = this.people;
    if (!p) return NOT_STARTED;
    if (this.mode === 'uptake') return cividis((p.uses_evidence?.[i] ?? 0) / this.nEvidence);
    return viridis((p.burnout?.[i] ?? 0) / 100);
  }

  draw() {
    if (!this.layout) return;
    const { w, h, dpr } = this.size();
    if (w === 0 || h === 0) return;
    const ctx = this.ctx;
    const t = this.fit(w, h);
    this.t = t;
    if (!this.edgeCache) this.drawEdges(t, w, h, dpr);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#14181e';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(this.edgeCache, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

    const { x, y } = this.layout;
    const p = this.people;
    const r = t.r;
    for (let i = 0; i < x.length; i++) {
      const cx = t.ox + x[i] * t.kx, cy = t.oy + y[i] * t.ky;
      const occ = p?.occupancy?.[i] ?? 'employed';
      ctx.globalAlpha = p?.absent?.[i] ? 0.45 : 1;
      ctx.beginPath();
      if (occ === 'agency') {
        ctx.moveTo(cx, cy - r * 1.2); ctx.lineTo(cx + r * 1.2, cy); ctx.lineTo(cx, cy + r * 1.2); ctx.lineTo(cx - r * 1.2, cy); ctx.closePath();
      } else {
        ctx.arc(cx, cy, r, 0, 2 * Math.PI);
      }
      if (occ === 'vacant') {
        ctx.lineWidth = Math.max(1.2, r * 0.3); ctx.strokeStyle = '#c8ced6'; ctx.stroke();
      } else {
        ctx.fillStyle = this.colourOf(i); ctx.fill();
        ctx.lineWidth = 1; ctx.strokeStyle = '#000'; ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
    this.drawLabels(ctx, t, w, h);
    if (this.hover >= 0 && this.hover < x.length) {
      ctx.beginPath();
      ctx.arc(t.ox + x[this.hover] * t.kx, t.oy + y[this.hover] * t.ky, r + 4, 0, 2 * Math.PI);
      ctx.lineWidth = 3; ctx.strokeStyle = '#ffffff'; ctx.stroke();
    }
    this.canvas.setAttribute('aria-label', this.summary());
  }

  /// Organisation names, then team names, largest first. A label that would
  /// overlap one already placed, cover a person, or leave the canvas is left
  /// out (the tooltip names every person's team and organisation). Placed
  /// once per canvas size: the layout does not move.
  labelsFor(ctx, t, w, h) {
    const key = `${w}x${h}`;
    if (this.labelCache?.key === key && this.labelCache.layout === this.layout) return this.labelCache.labels;
    const teamPx = Math.max(13, Math.min(16, t.r * 1.8));
    const { x, y } = this.layout;
    // The people's positions in cells of CELL px, to find those under a label quickly.
    const CELL = 32, grid = new Map();
    for (let i = 0; i < x.length; i++) {
      const px = t.ox + x[i] * t.kx, py = t.oy + y[i] * t.ky;
      const k = `${Math.floor(px / CELL)},${Math.floor(py / CELL)}`;
      if (!grid.has(k)) grid.set(k, []);
      grid.get(k).push([px, py]);
    }
    const coversPerson = (b) => {
      const m = t.r;
      for (let cx = Math.floor((b[0] - m) / CELL); cx <= Math.floor((b[2] + m) / CELL); cx++) {
        for (let cy = Math.floor((b[1] - m) / CELL); cy <= Math.floor((b[3] + m) / CELL); cy++) {
          for (const [px, py] of grid.get(`${cx},${cy}`) ?? []) {
            if (px > b[0] - m && px < b[2] + m && py > b[1] - m && py < b[3] + m) return true;
          }
        }
      }
      return false;
    };
    const placed = [], labels = [];
    // Above the people it names, or else below them.
    const place = (l, font, px, fill) => {
      ctx.font = font;
      const half = ctx.measureText(l.text).width / 2 + 4;
      if (2 * half > w) return;
      const lx = Math.max(half, Math.min(w - half, t.ox + l.x * t.kx));
      const spots = [t.oy + l.y * t.ky - t.r * 0.4];
      if (l.below !== undefined) spots.push(t.oy + l.below * t.ky + px + t.r * 0.4);
      for (const spot of spots) {
        const ly = Math.max(px + 4, spot);
        if (ly > h - 2) continue;
        const box = [lx - half, ly - px - 3, lx + half, ly + 2];
        if (placed.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
        if (coversPerson(box)) continue;
        placed.push(box);
        labels.push({ text: l.text, x: lx, y: ly, font, fill });
        return;
      }
    };
    // Organisations' names first (a one-team organisation's is in its team's label).
    const bySize = (list) => [...list].sort((p, q) => (q.namesOrg ?? 0) - (p.namesOrg ?? 0) || q.size - p.size);
    for (const l of bySize(this.layout.regions)) {
      place({ ...l, y: l.y - 1.6 * (teamPx + 4) / t.ky }, '700 18px system-ui, sans-serif', 18, '#ffffff');
    }
    for (const l of bySize(this.layout.labels)) place(l, `600 ${teamPx}px system-ui, sans-serif`, teamPx, '#d9dee5');
    this.labelCache = { key, layout: this.layout, labels };
    // The names shown, for the page's end-to-end test.
    this.canvas.dataset.labels = labels.map((l) => l.text).join('|');
    return labels;
  }

  drawLabels(ctx, t, w, h) {
    ctx.textAlign = 'center'; ctx.textBaseline = 'bottom'; ctx.lineJoin = 'round';
    for (const l of this.labelsFor(ctx, t, w, h)) {
      ctx.font = l.font;
      // A dark outline keeps the words readable over the links.
      ctx.lineWidth = 4; ctx.strokeStyle = '#14181e'; ctx.strokeText(l.text, l.x, l.y);
      ctx.fillStyle = l.fill; ctx.fillText(l.text, l.x, l.y);
    }
  }

  summary() {
    const n = this.graph?.nodes.length ?? 0;
    const p = this.people;
    if (!p) return `Network of run ${this.armName}: ${n} posts, not started yet. Arrow keys visit people.`;
    let vacant = 0, agency = 0, sum = 0, k = 0, high = 0;
    for (let i = 0; i < n; i++) {
      const occ = p.occupancy?.[i];
      if (occ === 'vacant') { vacant++; continue; }
      if (occ === 'agency') agency++;
      const b = p.burnout?.[i]; if (Number.isFinite(b)) { sum += b; k++; if (b >= 50) high++; }
    }
    return `Network of run ${this.armName} at week ${this.week}: ${n} posts, ${vacant} vacant, ${agency} agency; `
      + `mean burnout ${k ? (sum / k).toFixed(0) : '—'}, ${high} with high burnout. Arrow keys visit people.`;
  }

  nodeAt(mx, my) {
    if (!this.t || !this.layout) return -1;
    const { x, y } = this.layout, t = this.t;
    let best = -1, bd = (t.r + 5) ** 2;
    for (let i = 0; i < x.length; i++) {
      const d = (t.ox + x[i] * t.kx - mx) ** 2 + (t.oy + y[i] * t.ky - my) ** 2;
      if (d < bd) { bd = d; best = i; }
    }
    return best;
  }

  onMove(e) {
    const rect = this.canvas.getBoundingClientRect();
    this.setHover(this.nodeAt(e.clientX - rect.left, e.clientY - rect.top));
  }

  onKey(e) {
    const n = this.graph?.nodes.length ?? 0;
    if (!n) return;
    const keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: 'home', End: 'end', Escape: 'esc' };
    const k = keys[e.key];
    if (k === undefined) return;
    e.preventDefault();
    if (k === 'esc') return this.setHover(-1);
    if (k === 'home') return this.setHover(0);
    if (k === 'end') return this.setHover(n - 1);
    this.setHover(this.hover < 0 ? 0 : (this.hover + k + n) % n);
  }

  setHover(i) {
    if (i === this.hover) return;
    this.hover = i;
    this.requestDraw();
    this.showTooltip();
  }

  tooltipHtml(i) {
    const node = this.graph.nodes[i], p = this.people;
    const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
    const occ = p?.occupancy?.[i] ?? '—';
    const lines = [`<b>${esc(idToWords(node.role))}</b>`, `${esc(idToWords(node.team))} · ${esc(idToWords(node.org))} · post ${node.post ?? i}`];
    if (!p) lines.push('Waiting for the run: press play or step.');
    else if (occ === 'vacant') lines.push('Vacant post');
    else {
      lines.push(`${occ === 'agency' ? 'Agency worker' : 'Employed'}${p.absent?.[i] ? ' · absent this week' : ''}`);
      lines.push(`Tenure: ${tenureText(p.tenure_weeks?.[i])}`);
      lines.push(`Caseload: ${Number.isFinite(p.caseload?.[i]) ? p.caseload[i].toFixed(1).replace(/\.0$/, '') : '—'}`);
      lines.push(`Burnout: ${Number.isFinite(p.burnout?.[i]) ? p.burnout[i].toFixed(0) : '—'} / 100`);
      lines.push(`Evidence items used: ${p.uses_evidence?.[i] ?? 0} of ${this.nEvidence}`);
    }
    return lines.join('<br>');
  }

  showTooltip() {
    const tip = this.tooltip, i = this.hover;
    if (i < 0 || !this.t || !this.graph) {
      if (tip.dataset.owner === this.armName) tip.hidden = true;
      return;
    }
    tip.dataset.owner = this.armName;
    tip.innerHTML = this.tooltipHtml(i);
    tip.hidden = false;
    const rect = this.canvas.getBoundingClientRect();
    const cx = rect.left + this.t.ox + this.layout.x[i] * this.t.kx;
    const cy = rect.top + this.t.oy + this.layout.y[i] * this.t.ky;
    const tw = tip.offsetWidth, th = tip.offsetHeight;
    let left = cx + 14, top = cy + 14;
    if (left + tw > window.innerWidth - 8) left = cx - tw - 14;
    if (top + th > window.innerHeight - 8) top = cy - th - 14;
    tip.style.left = `${Math.max(4, left)}px`; tip.style.top = `${Math.max(4, top)}px`;
    const text = tip.textContent;
    this.canvas.setAttribute('aria-description', text);
  }
}

/// A colour ramp drawn into a small canvas for the legend.
export function drawRamp(canvas, ramp) {
  canvas.width = 160; canvas.height = 12;
  const g = canvas.getContext('2d');
  for (let i = 0; i < 160; i++) { g.fillStyle = ramp(i / 159); g.fillRect(i, 0, 1, 12); }
}
