/**
 * Simulation-based calibration of the calibration method on its reduced problem (ICB size, five parameters,
 * one wave of emulation): `npm run sbc` runs 100 synthetic truths and writes `results/sbc/sbc.json` (each
 * parameter's ranks, ECDF difference and verdict against the 95% simultaneous band) and prints a table.
 *
 *   npm run sbc                    # 100 truths, seed sbc
 *   npm run sbc -- --truths 20     # fewer, for a look
 * @packageDocumentation
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runNhsSbc } from "@ringfence/agents";

const { values } = parseArgs({ options: { truths: { type: "string", default: "100" }, seed: { type: "string", default: "sbc" }, workers: { type: "string", default: "2" }, out: { type: "string", default: "results/sbc" } } });
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
