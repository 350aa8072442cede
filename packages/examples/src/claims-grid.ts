/**
 * Where each headline claim holds: every flagship arrangement against ring-fenced general practice funding on
 * a grid of the three assumptions the headline turns on (issue 23, item 8): the NHS real growth path after
 * 2028/29, the share of a rise in reserves acute trusts spend on themselves (`acuteTrust.surplusSpendShare`),
 * and councils' social care need against their budgets. Each cell is one batch of paired runs; a cell's verdict
 * for an arrangement is "below" or "above" ring-fenced when the 95% interval of the final-year paired
 * difference excludes 0, else "no clear difference".
 *
 *   npm run claims-grid                         # ICB size, 30 runs per arrangement per cell
 *   npm run claims-grid -- --runs 60 --population england
 *
 * Writes results/claims-grid/grid.json and prints the table docs/scenarios.md shows.
 * @packageDocumentation
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FLAGSHIP_IDS, HEADLINE_INDICATOR, loadScenario, POPULATION_SIZES, runScenarioBatch, type GrowthPath, type PopulationSize } from "@ringfence/agents";

/** The grid's growth paths (the shipped ones). */
const PATHS: readonly GrowthPath[] = ["plan-then-1.9", "plan-then-2.5", "plan-then-3.0"];
/** Trusts' spending of a rise in reserves: low, the default, high. */
const SURPLUS: readonly number[] = [0.2, 0.5, 0.8];
/** Councils' social care need against budgets, as (need from demography, unit cost growth, budget growth). */
const COUNCIL: readonly { readonly id: string; readonly words: string; readonly council: Readonly<Record<string, number>> }[] = [
  { id: "need-equals-budget", words: "need grows as fast as budgets (3.1% a year real)", council: { demographicGrowth: 0.017, unitCostGrowth: 0.014, spendingPowerGrowth: 0.031 } },
  { id: "need-above-budget", words: "need 3.4%, budgets 3.1% a year real (the defaults)", council: { demographicGrowth: 0.02, unitCostGrowth: 0.014, spendingPowerGrowth: 0.031 } },
  { id: "budgets-squeezed", words: "need 3.4%, budgets 1.0% a year real", council: { demographicGrowth: 0.02, unitCostGrowth: 0.014, spendingPowerGrowth: 0.01 } },
];

const { values } = parseArgs({ options: { runs: { type: "string", default: "30" }, population: { type: "string", default: "icb" }, seed: { type: "string", default: "grid" }, workers: { type: "string", default: "2" }, out: { type: "string", default: "results/claims-grid" } } });
const runs = Number.parseInt(values.runs, 10);
if (!(Number.isInteger(runs) && runs >= 2 && String(runs) === values.runs)) {
  console.error(`--runs: expected an integer ≥ 2, got "${values.runs}"`);
  process.exit(2);
}
if (!(POPULATION_SIZES as readonly string[]).includes(values.population)) {
  console.error(`--population: expected one of ${POPULATION_SIZES.join(", ")}, got "${values.population}"`);
  process.exit(2);
}
const population = values.population as PopulationSize;

type Verdict = "below" | "above" | "no clear difference";
interface Cell {
  readonly path: GrowthPath;
  readonly surplusSpendShare: number;
  readonly council: string;
  readonly rows: readonly { readonly id: string; readonly relative: number; readonly low: number; readonly high: number; readonly verdict: Verdict }[];
}
const cells: Cell[] = [];
const started = performance.now();
for (const path of PATHS) {
  for (const surplusSpendShare of SURPLUS) {
    for (const c of COUNCIL) {
      const overrides = { population: { size: population }, future: { growth: path }, acuteTrust: { surplusSpendShare }, council: c.council };
      const scenarios = await Promise.all(FLAGSHIP_IDS.map((id) => loadScenario(id, { overrides })));
      const summary = await runScenarioBatch({ scenarios, runs, seed: values.seed, workers: Number.parseInt(values.workers, 10) });
      const last = summary.years[summary.years.length - 1]!;
      const rows = summary.paired
        .filter((p) => p.a === summary.baseline && p.indicator === HEADLINE_INDICATOR && p.year === last)
        .map((p) => ({ id: p.b, relative: p.relative.mean, low: p.relative.ciLow, high: p.relative.ciHigh, verdict: (p.ciHigh < 0 ? "below" : p.ciLow > 0 ? "above" : "no clear difference") as Verdict }));
      cells.push({ path, surplusSpendShare, council: c.id, rows });
      console.error(`${path}, surplusSpendShare ${surplusSpendShare}, ${c.id}: done (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }
}
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, "grid.json"), `${JSON.stringify({ runs, population, seed: values.seed, councils: COUNCIL, cells }, null, 1)}\n`);

// One table per arrangement: growth path × (trusts' spending, councils), each cell the relative difference and its verdict.
const mark = (v: Verdict): string => (v === "below" ? "▼" : v === "above" ? "▲" : "·");
const ids = cells[0]!.rows.map((r) => r.id);
const lines: string[] = [];
for (const id of ids) {
  lines.push(`**${id}** against ring-fenced, final-year relative difference (▼ below, ▲ above: 95% interval excludes 0; · no clear difference)`, "");
  const columns = SURPLUS.flatMap((s) => COUNCIL.map((c) => ({ s, c: c.id })));
  lines.push(`| growth path | ${columns.map((k) => `spend ${k.s}, ${k.c}`).join(" | ")} |`, `|---|${columns.map(() => "---").join("|")}|`);
  for (const path of PATHS) {
    const cellsOf = columns.map((k) => cells.find((c) => c.path === path && c.surplusSpendShare === k.s && c.council === k.c)!.rows.find((r) => r.id === id)!);
    lines.push(`| ${path} | ${cellsOf.map((r) => `${mark(r.verdict)} ${(100 * r.relative).toFixed(1)}%`).join(" | ")} |`);
  }
  const n = cells.length;
  const below = cells.filter((c) => c.rows.find((r) => r.id === id)!.verdict === "below").length;
  const above = cells.filter((c) => c.rows.find((r) => r.id === id)!.verdict === "above").length;
  lines.push("", `${id}: below ring-fenced in ${below} of ${n} cells, above in ${above}, no clear difference in ${n - below - above}.`, "");
}
console.log(`claims grid: ${cells.length} cells × ${ids.length + 1} arrangements × ${runs} runs, ${population} population, seed ${values.seed}, ${Math.round((performance.now() - started) / 1000)} s\n`);
console.log(lines.join("\n"));
