/**
 * LLM-like latencies for the benchmarks: log-normal, median 400 ms, a long tail; xorshift32 from a
 * seed, so every run measures the same values.
 */
export function lognormal(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return Math.max((state >>> 0) / 0x1_0000_0000, Number.EPSILON);
  };
  return () => 400 * Math.exp(0.6 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}
