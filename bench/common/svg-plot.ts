/**
 * Small SVG line plots for BENCHMARKS.md, written by our own code (no plotting dependency):
 * one panel, several named series of (x, y) points, axes with a few ticks, a legend. Used for
 * throughput per target per round and for latency CDFs (x on a log scale).
 */

export interface Series {
  name: string;
  points: Array<[number, number]>;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Log scale on x (latency CDFs); non-positive x values are left out. */
  xLog?: boolean;
  /** Draw a dot at every point (few points, e.g. rounds). */
  dots?: boolean;
  /** y axis from 0 (default true). */
  yFromZero?: boolean;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : Number(v.toPrecision(2)).toString());

export function linePlot(o: PlotOptions): string {
  const W = 720,
    H = 300,
    L = 64,
    R = 180,
    T = 30,
    B = 44;
  const tx = (x: number): number => (o.xLog ? Math.log10(x) : x);
  const series = o.series.map((s) => ({ ...s, points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.xLog || x > 0)) }));
  const xs = series.flatMap((s) => s.points.map(([x]) => tx(x)));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  let x0 = xs.length ? Math.min(...xs) : 0,
    x1 = xs.length ? Math.max(...xs) : 1;
  if (x1 === x0) {
    x0 -= 0.5;
    x1 += 0.5;
  }
  const y0 = o.yFromZero === false && ys.length ? Math.min(...ys) : 0;
  let y1 = ys.length ? Math.max(...ys) * 1.08 : 1;
  if (y1 <= y0) y1 = y0 + 1;
  const px = (x: number): number => L + ((W - L - R) * (tx(x) - x0)) / (x1 - x0);
  const py = (y: number): number => T + (H - T - B) * (1 - (y - y0) / (y1 - y0));
  const parts: string[] = [`<rect width="100%" height="100%" fill="white"/>`, `<text x="${L}" y="18" font-size="13" font-weight="bold">${esc(o.title)}</text>`];
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#888"/>`, `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#888"/>`);
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const yv = y0 + (y1 - y0) * f;
    parts.push(`<text x="${L - 6}" y="${(py(yv) + 4).toFixed(1)}" text-anchor="end" font-size="10">${num(yv)}</text>`);
    const xt = x0 + (x1 - x0) * f;
    const xv = o.xLog ? 10 ** xt : xt;
    parts.push(`<text x="${(L + (W - L - R) * f).toFixed(1)}" y="${H - B + 14}" text-anchor="middle" font-size="10">${num(xv)}</text>`);
  }
  parts.push(`<text x="${(L + (W - L - R) / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="11">${esc(o.xLabel)}</text>`);
  parts.push(`<text x="14" y="${((T + H - B) / 2).toFixed(1)}" text-anchor="middle" font-size="11" transform="rotate(-90 14 ${((T + H - B) / 2).toFixed(1)})">${esc(o.yLabel)}</text>`);
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const pts = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`);
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.join(' ')}"/>`);
    if (o.dots || pts.length === 1) for (const p of pts) parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${c}"/>`);
    const ly = T + 8 + i * 18;
    parts.push(`<line x1="${W - R + 12}" y1="${ly}" x2="${W - R + 32}" y2="${ly}" stroke="${c}" stroke-width="3"/>`, `<text x="${W - R + 38}" y="${ly + 4}" font-size="11">${esc(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">${parts.join('')}</svg>\n`;
}

/** The empirical CDF of samples as (value, fraction ≤ value) points, thinned to at most `max` points. */
export function cdfPoints(samples: number[], max = 200): Array<[number, number]> {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / max));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i += step) out.push([s[i], (i + 1) / n]);
  if (out[out.length - 1][1] !== 1) out.push([s[n - 1], 1]);
  return out;
}

/** One value per round for each named target, as a dotted line per target (round 1, 2, ...). */
export function perRoundPlot(title: string, yLabel: string, byTarget: Array<[string, number[]]>): string {
  return linePlot({
    title,
    xLabel: 'round',
    yLabel,
    dots: true,
    series: byTarget.filter(([, v]) => v.length > 0).map(([name, v]) => ({ name, points: v.map((y, i): [number, number] => [i + 1, y]) })),
  });
}

/** A latency CDF per named target from its samples in µs (plotted in ms, log scale). */
export function latencyCdfPlot(title: string, byTarget: Array<[string, number[]]>): string {
  return linePlot({
    title,
    xLabel: 'ms (log scale)',
    yLabel: 'fraction of requests',
    xLog: true,
    series: byTarget.filter(([, v]) => v.length > 0).map(([name, us]) => ({ name, points: cdfPoints(us.map((x) => x / 1000)) })),
  });
}
