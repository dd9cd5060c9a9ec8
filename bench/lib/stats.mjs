// Small statistics helpers: nearest-rank percentiles and medians that skip missing values.

/** Nearest-rank percentile (p in 0..100) of the numbers; null for none. */
export function percentile(values, p) {
  const sorted = values
    .filter(v => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function median(values) {
  const sorted = values
    .filter(v => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Per key, the median over runs of objects holding numbers (other values: the first run's). */
export function medianOf(runs) {
  const out = {};
  for (const key of Object.keys(runs[0] ?? {})) {
    const values = runs.map(run => run[key]);
    out[key] = values.some(v => typeof v === 'number') ? median(values) : values[0];
  }
  return out;
}
