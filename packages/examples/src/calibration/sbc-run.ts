/**
 * Simulation-based calibration of the calibration method on its reduced problem (ICB size, five parameters,
 * one wave of emulation): `npm run sbc` runs 100 synthetic truths and writes `results/sbc/sbc.json` (each
 * parameter's ranks, ECDF difference and verdict against the 95% simultaneous band) and prints a table.
 *
 *   npm run sbc                    # 100 truths, seed sbc
 *   npm run sbc -- --truths 20     # fewer, for a look
 *   npm run sbc -- --loo-inflation # emulator variances scaled by their leave-one-out errors
 *   npm run sbc -- --truth-seed design # truths simulated with the design's seed (a diagnostic)
 *   npm run sbc -- --design-seeds independent # each design point its own seed
 * @packageDocumentation
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runNhsSbc } from "@ringfence/agents";

const { values } = parseArgs({ options: { truths: { type: "string", default: "100" }, seed: { type: "string", default: "sbc" }, workers: { type: "string", default: "2" }, out: { type: "string", default: "results/sbc" }, "loo-inflation": { type: "boolean", default: false }, "truth-seed": { type: "string", default: "fresh" }, "design-seeds": { type: "string", default: "common" } } });
const designSeeds = values["design-seeds"];
if (designSeeds !== "common" && designSeeds !== "independent") {
  console.error(`--design-seeds: expected common or independent, got "${designSeeds}"`);
  process.exit(2);
}
const truthSeed = values["truth-seed"];
if (truthSeed !== "fresh" && truthSeed !== "design") {
  console.error(`--truth-seed: expected fresh or design, got "${truthSeed}"`);
  process.exit(2);
}
const truths = Number.parseInt(values.truths, 10);
if (!(Number.isInteger(truths) && truths >= 10 && String(truths) === values.truths)) {
  console.error(`--truths: expected an integer ≥ 10, got "${values.truths}"`);
  process.exit(2);
}
const started = performance.now();
const result = await runNhsSbc({
  truths,
  seed: values.seed,
  workers: Number.parseInt(values.workers, 10),
  looInflation: values["loo-inflation"],
  truthSeed,
  designSeeds,
  onTruth: (i) => {
    if ((i + 1) % 10 === 0) console.error(`truth ${i + 1}/${truths}, ${Math.round((performance.now() - started) / 1000)} s`);
  },
});
const seconds = Math.round((performance.now() - started) / 1000);
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, "sbc.json"), `${JSON.stringify({ truths, seed: values.seed, seconds, ...result }, null, 1)}\n`);
console.log(`simulation-based calibration: ${truths} truths, ${result.band.draws} posterior draws each, ${result.simulations} backcasts, ${seconds} s`);
for (const p of result.parameters) {
  const worst = Math.max(...p.ecdfDifference.map(Math.abs));
  console.log(`${p.name.padEnd(36)} ${p.uniform ? "uniform" : "NOT uniform"} (largest |ECDF − uniform| ${worst.toFixed(3)})`);
}
console.log(`written ${join(values.out, "sbc.json")}`);
