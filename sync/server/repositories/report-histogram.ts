/**
 * Histograms of minutes in tenths, as the report rollup stores them (ascending
 * values with their counts): merging and the linear-interpolation percentile
 * (what `percentile_cont` computes over the values the histogram holds).
 */

/** Ascending bucket values (tenths of a minute) and how many fell in each. */
export interface Histogram {
  v: readonly number[];
  c: readonly number[];
}

/** Adds counts per bucket; merge order does not matter. */
export class HistogramSum {
  private readonly counts = new Map<number, number>();

  add(h: Histogram): void {
    h.v.forEach((value, i) => this.counts.set(value, (this.counts.get(value) ?? 0) + h.c[i]!));
  }

  histogram(): Histogram {
    const v = [...this.counts.keys()].sort((a, b) => a - b);
    return { v, c: v.map((x) => this.counts.get(x)!) };
  }
}

/** The p-th percentile (0..1) in minutes, linearly interpolated between ranks; null with nothing counted. */
export function histogramPercentile(h: Histogram, p: number): number | null {
  const n = h.c.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  // The values at ranks lo and hi (0-based), walking the cumulative counts once.
  let seen = 0;
  let atLo: number | undefined;
  let atHi = 0;
  for (let i = 0; i < h.v.length; i++) {
    seen += h.c[i]!;
    if (atLo === undefined && seen > lo) atLo = h.v[i]!;
    if (seen > hi) {
      atHi = h.v[i]!;
      break;
    }
  }
  return (atLo! + (atHi - atLo!) * (pos - lo)) / 10;
}
