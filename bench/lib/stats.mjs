/** Small, dependency-free statistics for the benchmarks. */

/** The q-quantile (0 ≤ q ≤ 1) of `values`, linearly interpolated between order statistics (R type 7). */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** The median of `values`. */
export const median = (values) => quantile(values, 0.5);

/** The sum of `values`. */
export const sum = (values) => values.reduce((a, b) => a + b, 0);
