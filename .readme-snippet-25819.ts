import { loadScenario, runScenario, runScenarioBatch } from "@ringfence/agents";

// One run of one scenario (a preset, or a YAML file that extends one), for one ICB of about 1.5m patients.
const { scenario } = await loadScenario("iho-acute", { overrides: { population: { size: "icb" } } });
const run = runScenario(scenario, { seed: 42 });
console.log(run.yearLabels.at(-1), run.yearSeries.gpFundingPerWeightedPatient?.at(-1));

// A Monte Carlo batch of two scenarios with common random numbers, on 2 worker threads.
const summary = await runScenarioBatch({ scenarios: ["ring-fenced", "iho-acute"], runs: 20, workers: 2, overrides: { population: { size: "icb" } } });
const last = summary.years.at(-1);
const gap = summary.paired.find((p) => p.b === "iho-acute" && p.indicator === "gpFundingPerWeightedPatient" && p.year === last);
console.log(`iho-acute vs ring-fenced in ${last}: £${gap?.mean.toFixed(2)} (95% interval £${gap?.ciLow.toFixed(2)} to £${gap?.ciHigh.toFixed(2)})`);
