/**
 * A modeller's own indicator, in one file: how unequal practice list sizes are (their coefficient of
 * variation across open practices), to watch consolidation as practices merge or hand back their contracts.
 *
 * Record it from a scenario file:
 * ```yaml
 * extends: place-pooled
 * plugins: [./list-size-spread.ts]
 * indicators: [listSizeSpread]
 * ```
 * @packageDocumentation
 */
import { defineIndicator } from "@ringfence/agents";

/** Coefficient of variation of list sizes across open practices at each year's close. */
export const listSizeSpread = defineIndicator({
  id: "listSizeSpread",
  label: "Spread of list sizes",
  unit: "coefficient of variation",
  format: ".3f",
  description: "Standard deviation of open practices' list sizes over their mean, at the year's close.",
  measure(world) {
    const t = world.tables.practice;
    const list = t.cols.list;
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    for (const r of t.rows()) {
      const x = list[r]!;
      n++;
      sum += x;
      sumSq += x * x;
    }
    if (n < 2) return null;
    const mean = sum / n;
    return Math.sqrt(Math.max(0, sumSq / n - mean * mean)) / mean;
  },
});
