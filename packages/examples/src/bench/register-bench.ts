/**
 * Reading the published register: `loadRegister()` (fit years) and `loadRegister({ access: "all" })` and the
 * observed panel, against a floor of reading and gunzipping the same files and splitting them into lines
 * and fields by hand, measured alternately in one process (median of 7 after one warm-up round).
 * Run with `npm run bench:register`.
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { loadRegister, observedPanel, REGISTER_DATA_DIR, REGISTER_FILES } from "@ringfence/agents";

const REPS = 7;

/** The floor: read, hash and gunzip the three files, then split the text into lines and fields. */
function floor(): number {
  let fields = 0;
  for (const spec of REGISTER_FILES) {
    const bytes = readFileSync(join(REGISTER_DATA_DIR, spec.file));
    createHash("sha256").update(bytes).digest("hex");
    const text = (spec.gzip ? gunzipSync(bytes) : bytes).toString("utf8");
    for (const line of text.split("\n")) fields += line.split(",").length;
  }
  return fields;
}

const cases: [string, () => unknown][] = [
  ["floor: read, sha-256, gunzip, split into fields", floor],
  ["loadRegister() (fit years)", () => loadRegister()],
  ['loadRegister({ access: "all" })', () => loadRegister({ access: "all" })],
];
const times = cases.map(() => [] as number[]);
for (let rep = 0; rep <= REPS; rep++) {
  cases.forEach(([, f], i) => {
    const t0 = performance.now();
    f();
    if (rep > 0) times[i]!.push(performance.now() - t0);
  });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const all = loadRegister({ access: "all" });
const panelTimes: number[] = [];
for (let rep = 0; rep < REPS; rep++) {
  const t0 = performance.now();
  observedPanel(all);
  panelTimes.push(performance.now() - t0);
}
const base = median(times[0]!);
console.log(`## Reading the register (npm run bench:register)\n`);
console.log(`| step (median of ${REPS}, alternating) | ms | × floor |\n|---|---|---|`);
cases.forEach(([what], i) => console.log(`| ${what} | ${median(times[i]!).toFixed(0)} | ${(median(times[i]!) / base).toFixed(2)} |`));
console.log(`| observedPanel of the whole register | ${median(panelTimes).toFixed(0)} | ${(median(panelTimes) / base).toFixed(2)} |`);
