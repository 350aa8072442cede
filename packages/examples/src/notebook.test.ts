/**
 * The notebook in the repository shows its outputs (`npm run notebook` executes it and saves it back; CI does
 * the same in its clone): every code cell ran and has output, the charts are in the project's palette, and the
 * file stays small and free of machine paths.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GROUP_COLOURS, PRESET_COLOURS } from "@ringfence/agents";
import { describe, expect, it } from "vitest";

const file = join(fileURLToPath(new URL("../../..", import.meta.url)), "notebooks", "monte-carlo.ipynb");

interface Output {
  readonly output_type: string;
  readonly data?: Readonly<Record<string, string | readonly string[]>>;
  readonly text?: string | readonly string[];
}
interface Cell {
  readonly cell_type: string;
  readonly execution_count?: number | null;
  readonly outputs?: readonly Output[];
}

describe("notebooks/monte-carlo.ipynb", () => {
  const nb = JSON.parse(readFileSync(file, "utf8")) as { readonly cells: readonly Cell[] };
  const text = (v: string | readonly string[] | undefined): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));
  const code = nb.cells.filter((c) => c.cell_type === "code");
  const outputs = code.flatMap((c) => c.outputs ?? []);
  const svgs = outputs.map((o) => text(o.data?.["image/svg+xml"])).filter((s) => s.includes("<svg"));

  it("is saved with its outputs: every code cell ran, all but the imports show something, none an error", () => {
    expect(code.length).toBeGreaterThanOrEqual(8);
    for (const c of code) expect(c.execution_count).toBeGreaterThan(0);
    // Every cell but the imports shows something.
    expect(code.filter((c) => (c.outputs?.length ?? 0) > 0).length).toBeGreaterThanOrEqual(code.length - 1);
    expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);
    expect(outputs.some((o) => text(o.data?.["text/html"]).includes("<table"))).toBe(true);
    expect(outputs.some((o) => text(o.data?.["text/plain"]).includes("DuckDB agrees with the summary"))).toBe(true);
  });

  it("draws its charts in the palette the reports use", () => {
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    const all = svgs.join("").toUpperCase();
    for (const c of [PRESET_COLOURS["ring-fenced"], PRESET_COLOURS["iho-acute"], GROUP_COLOURS.practice, GROUP_COLOURS.icb]) expect(all).toContain(c.toUpperCase());
  });

  it("stays small and carries no machine's paths", () => {
    expect(statSync(file).size).toBeLessThan(300_000);
    expect(readFileSync(file, "utf8")).not.toMatch(/\/(work|root|home|tmp)\//);
  });
});
