// The weekly metrics of every run of both arms, and what the charts make of
// several runs: a band from the lowest to the highest run, and paired
// differences (run r of B against run r of A: they share random numbers).

export function emptyStore() { return { byWeek: new Map(), weeks: [], values: {}, stale: false }; }
export function emptyRuns(n) { return Array.from({ length: n }, emptyStore); }

/// Keeps one week's metrics; a week at or before the latest one means the run
/// restarted, so the later weeks are dropped.
export function addWeek(store, week, metrics) {
  for (const k of [...store.byWeek.keys()]) if (k >= week) store.byWeek.delete(k);
  store.byWeek.set(week, metrics ?? {});
  store.stale = true;
}

/// The store as arrays (sorted weeks, one array per metric), rebuilt only when it changed.
export function storeArrays(store, metrics) {
  if (!store.stale) return store;
  const weeks = [...store.byWeek.keys()].sort((p, q) => p - q);
  const values = {};
  for (const m of metrics) values[m] = weeks.map((w) => store.byWeek.get(w)[m] ?? null);
  store.weeks = weeks; store.values = values; store.stale = false;
  return store;
}

/// Lowest, highest and mean at each index of `columns` (one array per run);
/// null where any run has no value yet, so a band never mixes in fewer runs.
export function band(columns) {
  const n = columns[0]?.length ?? 0;
  const lo = new Array(n).fill(null), hi = new Array(n).fill(null), mean = new Array(n).fill(null);
  for (let k = 0; k < n; k++) {
    let min = Infinity, max = -Infinity, sum = 0, ok = true;
    for (const col of columns) {
      const v = col[k];
      if (v == null) { ok = false; break; }
      min = Math.min(min, v); max = Math.max(max, v); sum += v;
    }
    if (ok) { lo[k] = min; hi[k] = max; mean[k] = sum / columns.length; }
  }
  return { lo, hi, mean };
}

/// B − A for each paired run: run r of B minus run r of A, week by week.
export function pairedDifferences(perRunA, perRunB) {
  return perRunA.map((a, r) => a.map((v, k) => (v == null || perRunB[r]?.[k] == null ? null : perRunB[r][k] - v)));
}
