import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Bare packages a module loads at run time, following its relative imports (type-only imports load nothing). */
function runtimePackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gms)) {
      const spec = m[1]!;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  };
  visit(entry);
  return packages;
}

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe("entry points load only what they need", () => {
  it("the engine's main entry loads seedrandom and nothing heavier (no zod, piscina, sketches, vega)", () => {
    expect([...runtimePackages(src("./index.ts"))]).toEqual(["seedrandom"]);
  });
  it("the batch entry does not load the results writers or vega", () => {
    const batch = runtimePackages(src("./batch/index.ts"));
    for (const heavy of ["vega", "vega-lite", "hyparquet-writer", "csv-stringify"]) expect(batch.has(heavy)).toBe(false);
  });
});
