/**
 * One England run of 10 years with monthly ticks, single thread, per preset (median of 5 after a warm-up).
 * @packageDocumentation
 */
import { PRESET_IDS, PRESETS, runScenario } from "@ringfence/agents";

const REPS = 5;
console.log("## One England run, 10 years, monthly ticks, single thread (pnpm bench)\n");
console.log("| preset | median ms | min ms |\n|---|---|---|");
runScenario(PRESETS["ring-fenced"], { seed: 0 });
for (const id of PRESET_IDS) {
  const times = Array.from({ length: REPS }, (_, k) => {
    const t0 = performance.now();
    runScenario(PRESETS[id], { seed: k + 1 });
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  console.log(`| ${id} | ${times[Math.floor(REPS / 2)]!.toFixed(0)} | ${times[0]!.toFixed(0)} |`);
}
