/**
 * A streaming histogram with logarithmic buckets (the DDSketch layout, the same idea as HDR's
 * log-linear buckets): bucket i holds values in (MIN * gamma^(i-1), MIN * gamma^i] and reports
 * the point whose relative distance to both ends is RELATIVE_ERROR. So every percentile it returns
 * is within +-1% of the true sample at that rank, for values in [MIN, MAX]; memory is fixed
 * (about 1,300 counters, ~10 KB) whatever the number of samples. Below EXACT_LIMIT samples the
 * values themselves are kept and percentiles are exact.
 */
export const RELATIVE_ERROR = 0.01;
export const MIN_VALUE = 0.001;
export const MAX_VALUE = 1e8;
export const EXACT_LIMIT = 4096;

const gamma = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const logGamma = Math.log(gamma);
const bucketCount = Math.ceil(Math.log(MAX_VALUE / MIN_VALUE) / logGamma) + 1;

export class Histogram {
  private readonly counts = new Float64Array(bucketCount);
  /** Values at or below zero, and below MIN_VALUE: reported as the smallest value seen. */
  private low = 0;
  private exact: number[] | undefined = [];
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.exact) {
      this.exact.push(value);
      if (this.exact.length > EXACT_LIMIT) this.exact = undefined;
    }
    if (value < MIN_VALUE) {
      this.low += 1;
      return;
    }
    const index = Math.min(bucketCount - 1, Math.max(0, Math.ceil(Math.log(value / MIN_VALUE) / logGamma)));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
  }

  get isExact(): boolean {
    return this.exact !== undefined;
  }

  get mean(): number | undefined {
    return this.count === 0 ? undefined : this.sum / this.count;
  }

  /** Nearest-rank percentile (the value at rank ceil(p/100 * n)); undefined when empty. */
  percentile(p: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    if (this.exact) {
      const sorted = Float64Array.from(this.exact).sort();
      return sorted[rank - 1];
    }
    let seen = this.low;
    if (seen >= rank) return this.min;
    for (let index = 0; index < bucketCount; index += 1) {
      seen += this.counts[index] ?? 0;
      if (seen >= rank) {
        const value = (2 * MIN_VALUE * gamma ** index) / (gamma + 1);
        return Math.min(this.max, Math.max(this.min, value));
      }
    }
    return this.max;
  }
}
