import os from 'node:os';

// The printed report: one table per size (ours first, baselines with ratios to ours), the bundle
// table, and the targets with met / missed.

export const fmt = (value, digits = 1) =>
  value === null || value === undefined
    ? '–'
    : typeof value === 'number'
      ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
      : String(value);

/** Columns of the per-size table: label, key, digits, unit, whether a ratio makes sense. */
export const COLUMNS = [
  ['first rows ms', 'firstRowsMs', 1],
  ['key p50 ms', 'keyP50', 1],
  ['key p95 ms', 'keyP95', 1],
  ['scroll p95 ms', 'scrollP95', 1],
  ['frames >33ms', 'longFrames', 0],
  ['End → last', 'jump', 0],
  ['End ms', 'jumpMs', 0],
  ['DOM nodes', 'domNodes', 0],
  ['heap MB', 'heapMB', 1],
];

function cell(metrics, key, digits, ours) {
  if (!metrics) return '–';
  if (metrics.skipped) return key === 'firstRowsMs' ? 'skipped' : '';
  const value = metrics[key];
  if (key === 'jump') return metrics.jumpReached ? `✓ ${fmt(value, 0)}` : `✗ ${fmt(value, 0)}`;
  const text = fmt(value, digits);
  const base = ours?.[key];
  if (ours && ours !== metrics && typeof value === 'number' && typeof base === 'number') {
    if (base > 0) return `${text} (${fmt(value / base, value / base >= 10 ? 0 : 1)}×)`;
  }
  return text;
}

export function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)));
  const line = cells => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join(
    '\n',
  );
}

export function resultsTable(results, sizes, impls) {
  const head = ['N', 'implementation', ...COLUMNS.map(([label]) => label)];
  const rows = [];
  for (const size of sizes) {
    const bySize = results[size] ?? {};
    const ours = bySize.ours?.median;
    for (const impl of impls) {
      const entry = bySize[impl];
      if (!entry) continue;
      rows.push([
        size.toLocaleString('en-US'),
        impl,
        ...COLUMNS.map(([, key, digits]) => cell(entry.median, key, digits, ours)),
      ]);
    }
  }
  return table(head, rows);
}

export function bundleTable(bundle) {
  const kb = bytes => `${(bytes / 1000).toFixed(1)} kB`;
  const rows = [
    [
      'three elements, lit and @lit/* external (eager)',
      kb(bundle.withoutLit.eager.minBytes),
      kb(bundle.withoutLit.eager.gzipBytes),
    ],
    [
      '<contacts-panel> alone, lit external (eager)',
      kb(bundle.panel.eager.minBytes),
      kb(bundle.panel.eager.gzipBytes),
    ],
    [
      'first paint: eager chunks with lit',
      kb(bundle.withLit.eager.minBytes),
      kb(bundle.withLit.eager.gzipBytes),
    ],
    ...bundle.withoutLit.lazy.map(chunk => [
      `lazy: ${chunk.file.replace(/-[\w-]{8}\.js$/, '')}${chunk.phoneLibrary ? ' (libphonenumber-js + metadata)' : ''}`,
      kb(chunk.minBytes),
      kb(chunk.gzipBytes),
    ]),
  ];
  return table(['bundle (src/define.ts, esbuild-minified)', 'min', 'min+gzip'], rows);
}

/** The targets against our medians; each with met, and by how much when missed. */
/** Merge and restore latency in the in-memory adapter, per size. */
export function writesTable(writes) {
  const ms = v => (v === null || v === undefined ? '–' : v.toFixed(2));
  return [
    'In-memory adapter writes (each call timed from the call to its answer; samples of all runs pooled):',
    table(
      ['contacts', 'samples', 'merge p50 ms', 'merge p95 ms', 'restore p50 ms', 'restore p95 ms'],
      Object.entries(writes).map(([n, w]) => [
        Number(n).toLocaleString('en-US'),
        String(w.samples),
        ms(w.mergeP50),
        ms(w.mergeP95),
        ms(w.restoreP50),
        ms(w.restoreP95),
      ]),
    ),
  ].join('\n');
}

export function targets(results, bundle, sizes, writes = {}) {
  const out = [];
  // `slack`: how far a measurement may read over its limit and still be the same thing.
  const check = (label, value, limit, slack = 0) => {
    if (value === null || value === undefined) return;
    const met = value <= limit + slack;
    out.push({ label, value, limit, met, over: met ? 0 : value - limit });
  };
  for (const size of sizes) {
    const ours = results[size]?.ours?.median;
    if (!ours) continue;
    const n = size.toLocaleString('en-US');
    check(`first rows ≤ 50 ms @ ${n}`, ours.firstRowsMs, 50);
    if (size === 100_000) check(`keystroke p95 ≤ 16 ms @ ${n}`, ours.keyP95, 16);
    if (size === 1_000_000) check(`keystroke p95 ≤ 33 ms @ ${n}`, ours.keyP95, 33);
    // Frame intervals come in whole frames (16.67 ms at 60 Hz) read through timers coarsened to
    // 0.1 ms: one frame reads 16.6 to 16.8.
    check(`scroll p95 ≤ 16.7 ms (one frame) @ ${n}`, ours.scrollP95, 16.7, 0.2);
    check(`frames > 33 ms = 0 @ ${n}`, ours.longFrames, 0);
    check(`DOM nodes ≤ 1,500 @ ${n}`, ours.domNodes, 1500);
    if (size === 100_000) check(`heap ≤ 40 MB @ ${n}`, ours.heapMB, 40);
    out.push({
      label: `last contact reachable (End) @ ${n}`,
      value: ours.jump,
      limit: size,
      met: !!ours.jumpReached,
      over: 0,
    });
  }
  const hundredK = writes[100_000];
  if (hundredK) {
    check('merge p95 ≤ 100 ms in memory @ 100,000', hundredK.mergeP95, 100);
    check('restore p95 ≤ 100 ms in memory @ 100,000', hundredK.restoreP95, 100);
  }
  if (bundle) {
    check(
      'three elements ≤ 25 kB min+gzip without lit',
      bundle.withoutLit.eager.gzipBytes / 1000,
      25,
    );
    check(
      '<contacts-panel> alone ≤ 20 kB min+gzip without lit',
      bundle.panel.eager.gzipBytes / 1000,
      20,
    );
  }
  if (bundle) {
    out.push({
      label: 'libphonenumber-js metadata not in the first-paint chunks',
      value: bundle.withLit.phoneMetadataEager ? 'eager' : 'lazy',
      limit: 'lazy',
      met: !bundle.withLit.phoneMetadataEager,
      over: 0,
    });
  }
  return out;
}

export function targetsTable(list) {
  return table(
    ['target', 'ours (median)', 'met'],
    list.map(t => [t.label, fmt(t.value), t.met ? 'yes' : `no (+${fmt(t.over)})`]),
  );
}

/** The command line as typed (`npm run <script> -- args`), for the report and the docs. */
export function commandLine(script) {
  return [
    `npm run ${script}`,
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ].join(' ');
}

/**
 * The machine a report was measured on. Other work on it skews timings; the 1-minute load average
 * before and after says how much.
 */
export function machineInfo(chromium, loadBefore) {
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGB: Math.round(os.totalmem() / 1e9),
    node: process.version,
    chromium,
    loadBefore,
    loadAfter: os.loadavg()[0],
  };
}
