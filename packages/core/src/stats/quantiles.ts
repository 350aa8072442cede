/**
 * Streaming quantiles with a stated error: DDSketch from @datadog/sketches-js.
 * @packageDocumentation
 */
import { DDSketch } from "@datadog/sketches-js";

/** Relative accuracy of every quantile a batch reports: within 0.1% of a true sample quantile's value. */
export const QUANTILE_RELATIVE_ACCURACY = 0.001;

/** How quantiles are computed, in words, for a batch manifest. */
export const QUANTILE_METHOD = `DDSketch (@datadog/sketches-js) with relative accuracy ${QUANTILE_RELATIVE_ACCURACY}: each reported percentile is within ${QUANTILE_RELATIVE_ACCURACY * 100}% (relative) of the value at that rank; memory grows with the spread of values, not with the number of runs`;

/** A streaming quantile sketch; see {@link createQuantileSketch}. */
export interface QuantileSketch {
  /** Adds a value. */
  add(value: number): void;
  /** The value at quantile q in [0, 1] (NaN when empty). */
  quantile(q: number): number;
  /** Values added. */
  readonly count: number;
}

/** Creates a quantile sketch with {@link QUANTILE_RELATIVE_ACCURACY}. */
export function createQuantileSketch(): QuantileSketch {
  const sketch = new DDSketch({ relativeAccuracy: QUANTILE_RELATIVE_ACCURACY });
  return {
    add: (value) => sketch.accept(value),
    quantile: (q) => (sketch.count === 0 ? Number.NaN : sketch.getValueAtQuantile(q)),
    get count() {
      return sketch.count;
    },
  };
}
