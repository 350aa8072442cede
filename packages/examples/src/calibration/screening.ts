/**
 * Morris screening of every numeric parameter (issue 24, item 1), over the ranges of `parameterRanges`: on the
 * backcast discrepancy (each fitted output's standardised error) and on the headline differences (final-year
 * GP funding per weighted patient of each flagship arrangement minus ring-fenced), one design for both.
 *
 *   npm run screening                               # ICB size, 8 trajectories, 1 worker
 *   npm run screening -- --trajectories 20 --out results/screening-20
 *
 * Writes <out>/screening.json (μ, μ*, σ per output and parameter, the ranges, the identifiability rows) and
 * <out>/table.md (the table docs/screening.md shows), and prints a summary.
 * @packageDocumentation
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { localExecutor } from "@ringfence/core/batch";
import {
  backcastDiscrepancy,
  defaultFitTargets,
  HEADLINE_ARRANGEMENTS,
  headlineDifferences,
  identifiability,
  parameterRanges,
  POPULATION_SIZES,
  runMorrisScreening,
  SCREENING_GROUPS,
  screeningFactors,
  type IdentifiabilityRow,
  type ParameterRange,
  type PopulationSize,
  type ScreeningGroup,
} from "@ringfence/agents";

/** A parameter is seen by a group when its μ*, as a share of the largest on one of the group's outputs, is at least this. */
const THRESHOLD = 0.1;

const { values } = parseArgs({ options: { trajectories: { type: "string", default: "8" }, population: { type: "string", default: "icb" }, seed: { type: "string", default: "screening" }, workers: { type: "string", default: "1" }, out: { type: "string", default: "results/screening" } } });
const trajectories = Number.parseInt(values.trajectories, 10);
if (!(Number.isInteger(trajectories) && trajectories >= 1 && String(trajectories) === values.trajectories)) {
  console.error(`--trajectories: expected an integer ≥ 1, got "${values.trajectories}"`);
  process.exit(2);
}
if (!(POPULATION_SIZES as readonly string[]).includes(values.population)) {
  console.error(`--population: expected one of ${POPULATION_SIZES.join(", ")}, got "${values.population}"`);
  process.exit(2);
}
const population = values.population as PopulationSize;
const workers = Number.parseInt(values.workers, 10);

const ranges = parameterRanges();
const factors = screeningFactors(ranges);
const targets = defaultFitTargets();
const outputs = [...targets.map((t) => t.name), ...HEADLINE_ARRANGEMENTS.map((id) => `headline:${id}`)];
const commit = ((): string => {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const perPoint = 1 + HEADLINE_ARRANGEMENTS.length + 1;
console.error(`screening: ${factors.length} parameters × ${trajectories} trajectories = ${trajectories * (factors.length + 1)} points, ${perPoint} runs each (1 backcast, ${perPoint - 1} flagship arrangements), ${population} population, ${workers} worker${workers === 1 ? "" : "s"}, seed ${values.seed}`);

const executor = localExecutor({ workers, keepAlive: true });
const started = performance.now();
const setting = { population, seed: values.seed, executor };
let screening;
try {
  screening = await runMorrisScreening({
    factors,
    outputs,
    trajectories,
    seed: values.seed,
    evaluate: async (points) => {
      const fit = await backcastDiscrepancy(points, factors, targets, setting);
      const headline = await headlineDifferences(points, factors, setting);
      return points.map((_, k) => [...fit[k]!, ...headline[k]!]);
    },
    onProgress: (done, total) => console.error(`  ${done} of ${total} points (${Math.round((performance.now() - started) / 1000)} s)`),
  });
} finally {
  await executor.close();
}
const seconds = Math.round((performance.now() - started) / 1000);
const rows = identifiability(screening);
const rangeOf = new Map(ranges.map((r) => [r.path, r]));
const fitGroups = SCREENING_GROUPS.filter((g) => g !== "headline differences");
const seenBy = (row: IdentifiabilityRow): ScreeningGroup[] => SCREENING_GROUPS.filter((g) => row.byGroup[g] >= THRESHOLD);
const seenByFit = (row: IdentifiabilityRow): boolean => fitGroups.some((g) => row.byGroup[g] >= THRESHOLD);
const unseen = rows.filter((r) => !seenByFit(r));
const dangerous = rows.filter((r) => !seenByFit(r) && r.byGroup["headline differences"] >= THRESHOLD);

mkdirSync(values.out, { recursive: true });
writeFileSync(
  join(values.out, "screening.json"),
  `${JSON.stringify({ command: `npm run screening -- --trajectories ${trajectories} --population ${population} --seed ${values.seed}`, commit, population, seed: values.seed, workers, trajectories, levels: screening.levels, points: screening.evaluations, runs: screening.evaluations * perPoint, seconds, threshold: THRESHOLD, ranges, outputs, factors: screening.factors, mu: screening.mu, muStar: screening.muStar, sigma: screening.sigma, nonFinite: screening.nonFinite, identifiability: rows }, null, 1)}\n`,
);

// The table docs/screening.md shows: every parameter, its class and range, and what sees it.
const fmt = (v: number): string => (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : String(Number(v.toPrecision(4))));
const range = (r: ParameterRange): string => (r.low === r.high ? fmt(r.low) : `${fmt(r.low)} – ${fmt(r.high)}`);
const cell = (v: number): string => (v >= THRESHOLD ? `**${v.toFixed(2)}**` : v >= 0.01 ? v.toFixed(2) : "·");
const table: string[] = [`| parameter | class | range | ${SCREENING_GROUPS.join(" | ")} |`, `|---|---|---|${SCREENING_GROUPS.map(() => "---").join("|")}|`];
for (const r of ranges) {
  const row = rows.find((x) => x.factor === r.path);
  table.push(`| \`${r.path}\` | ${r.class} | ${range(r)} | ${row === undefined ? SCREENING_GROUPS.map(() => "not screened").join(" | ") : SCREENING_GROUPS.map((g) => cell(row.byGroup[g])).join(" | ")} |`);
}
writeFileSync(join(values.out, "table.md"), `${table.join("\n")}\n`);

const list = (rs: readonly IdentifiabilityRow[], group?: ScreeningGroup): string => rs.map((r) => `${r.factor} (${rangeOf.get(r.factor)!.class}${group === undefined ? "" : `, ${r.byGroup[group].toFixed(2)}`})`).join("; ");
console.log(`screening: ${screening.factors.length} parameters, ${trajectories} trajectories, ${screening.evaluations} points, ${screening.evaluations * perPoint} runs, ${population} population, ${workers} worker${workers === 1 ? "" : "s"}, ${seconds} s, commit ${commit.slice(0, 12)}`);
const nonFinite = screening.outputs.filter((_, j) => screening.nonFinite[j]! > 0).map((o, j) => `${o} ${screening.nonFinite[j]}`);
if (nonFinite.length > 0) console.log(`not finite at some points: ${nonFinite.join(", ")}`);
console.log(`\nTop parameters by group (normalised μ*, seen at ≥ ${THRESHOLD}):`);
for (const g of SCREENING_GROUPS) {
  const top = [...rows].sort((a, b) => b.byGroup[g] - a.byGroup[g]).filter((r) => r.byGroup[g] >= THRESHOLD);
  console.log(`- ${g} (${top.length} seen): ${list(top.slice(0, 8), g)}`);
}
console.log(`\nSeen by no fitted output (${unseen.length}): ${list(unseen)}`);
console.log(`\n  of which searched by the calibration (candidates to drop from the fit): ${list(unseen.filter((r) => rangeOf.get(r.factor)!.class === "searched"))}`);
console.log(`\nMoving the headline differences but seen by no fitted output (${dangerous.length}): ${list(dangerous, "headline differences")}`);
console.log(`\nEvery parameter's groups: ${rows.map((r) => `${r.factor} [${seenBy(r).join(", ")}]`).join("; ")}`);
console.log(`\nWrote ${join(values.out, "screening.json")} and ${join(values.out, "table.md")}`);
