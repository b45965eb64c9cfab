/**
 * A streaming histogram with logarithmic buckets (the DDSketch layout, the same idea as HDR's
 * log-linear buckets): bucket i holds values in (MIN * gamma^(i-1), MIN * gamma^i] and reports
 * the point whose relative distance to both ends is RELATIVE_ERROR. So every percentile it returns
 * is within +-1% of the true sample at that rank, for values in [MIN, MAX]; memory is fixed
 * (about 1,300 counters, ~10 KB) whatever the number of samples. Below EXACT_LIMIT values the
 * values themselves are kept and percentiles are exact.
 *
 * Every value carries a weight (App Insights' ItemCount: a row kept by 25% sampling stands for 4
 * requests), and ranks count weight, not rows: the p95 of sampled telemetry is the value below
 * which 95% of the requests it stands for fall.
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
  /** Weight of values at or below zero, and below MIN_VALUE: reported as the smallest value seen. */
  private low = 0;
  private exact: number[] | undefined = [];
  /** Weights of the exact values, kept only once a weight other than 1 arrives. */
  private exactWeights: number[] | undefined;
  /** Total weight: the number of requests the values stand for. */
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  /** The bucket a value falls in (-1 below MIN_VALUE): computed once, it can feed several histograms. */
  static bucketOf(value: number): number {
    if (value < MIN_VALUE) return -1;
    return Math.min(bucketCount - 1, Math.max(0, Math.ceil(Math.log(value / MIN_VALUE) / logGamma)));
  }

  add(value: number, weight = 1, bucket = Histogram.bucketOf(value)): void {
    if (!Number.isFinite(value) || !(weight > 0)) return;
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const exact = this.exact;
    if (exact) {
      if (weight !== 1 && !this.exactWeights) this.exactWeights = exact.map(() => 1);
      exact.push(value);
      this.exactWeights?.push(weight);
      if (exact.length > EXACT_LIMIT) {
        this.exact = undefined;
        this.exactWeights = undefined;
      }
    }
    if (bucket < 0) {
      this.low += weight;
      return;
    }
    this.counts[bucket] = (this.counts[bucket] ?? 0) + weight;
  }

  get isExact(): boolean {
    return this.exact !== undefined;
  }

  get mean(): number | undefined {
    return this.count === 0 ? undefined : this.sum / this.count;
  }

  /** Nearest-rank percentile (the value at rank ceil(p/100 * n), n the total weight); undefined when empty. */
  percentile(p: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    if (this.exact) return this.exactPercentile(this.exact, rank);
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

  private exactPercentile(values: number[], rank: number): number | undefined {
    const weights = this.exactWeights;
    if (!weights) return Float64Array.from(values).sort()[rank - 1];
    const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
    let seen = 0;
    for (const i of order) {
      seen += weights[i] ?? 0;
      if (seen >= rank) return values[i];
    }
    return this.max;
  }
}
