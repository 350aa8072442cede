/**
 * Putting scenario data together: a deep merge of plain data over a base (a preset, a file it extends,
 * overrides), and whether a name is a preset. Pure, so a browser merges exactly as files are merged.
 * @packageDocumentation
 */
import { PRESET_IDS } from "../presets.js";

/** Deep-merges plain objects: arrays and scalar values in `over` replace those in `base`. */
export function mergeScenario<T>(base: T, over: Readonly<Record<string, unknown>>): T {
  const plain = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (!plain(a) || !plain(b)) return b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
    return out;
  };
  return merge(base, over) as T;
}

/** Whether a name is a preset id. */
export function isPresetId(name: string): name is (typeof PRESET_IDS)[number] {
  return (PRESET_IDS as readonly string[]).includes(name);
}
