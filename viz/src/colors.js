// Colour-blind-safe colours: Okabe–Ito for lines, cividis and viridis ramps for people.

export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const ARM_COLOUR = { a: '#0072B2', b: '#D55E00' };

// Contact layers (sim/graph.hpp), Okabe–Ito.
export const LAYER_COLOUR = {
  team: '#56B4E9', supervision: '#E69F00', desk: '#CC79A7', cross_team: '#009E73', learning: '#F0E442',
};
export const layerColour = (layer, i) => LAYER_COLOUR[layer] ?? OKABE_ITO[i % OKABE_ITO.length];

// Stops sampled from matplotlib's cividis and viridis (0, 1/8, ..., 1).
const CIVIDIS = ['#00224e', '#123570', '#3b496c', '#5b5f6d', '#7c7b78', '#9c9676', '#bcaf6f', '#ddcb5b', '#fee838'];
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#fde725'];

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
function makeRamp(stops) {
  const rgb = stops.map(hexToRgb);
  // A 256-entry lookup table of CSS colours: fast enough for 600 nodes per frame.
  const table = [];
  for (let i = 0; i < 256; i++) {
    const t = i / 255 * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(t));
    const f = t - k;
    const c = rgb[k].map((v, j) => Math.round(v + (rgb[k + 1][j] - v) * f));
    table.push(`rgb(${c[0]},${c[1]},${c[2]})`);
  }
  return (t) => table[Math.max(0, Math.min(255, Math.round((Number.isFinite(t) ? t : 0) * 255)))];
}
export const cividis = makeRamp(CIVIDIS);
export const viridis = makeRamp(VIRIDIS);

// A person before the page has heard from the run (grey, and in the legend).
export const NOT_STARTED = '#8a929c';
