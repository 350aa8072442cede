/**
 * Engine benchmark: ledger transfers per second, and agent-steps per second of the tick loop on a synthetic
 * model of 8,000 agents × 120 monthly ticks × 2 phases (synthetic-model.ts), next to a hand-written loop
 * over typed arrays doing the same arithmetic and the same double-entry bookkeeping. Run with `npm run bench:engine`.
 *
 * The engine and the hand loop alternate within one process and each figure is the best of several
 * repetitions, so the ratio is meaningful on a noisy shared machine even when absolute times are not. The
 * two must end with the same money in, money out and flow table, or the benchmark stops.
 * @packageDocumentation
 */
import { createLedger, createSimulation, type LedgerSummary } from "@ringfence/core";
import { bareSyntheticModel, START_PRICE, START_STOCK, syntheticModel, syntheticRowModel } from "./synthetic-model.js";

const AGENTS = 8000;
const TICKS = 120;
const REPS = 7;
const STEPS = AGENTS * TICKS * 2;

interface Timing {
  /** Milliseconds for setup plus the tick loop. */
  readonly total: number;
  /** Milliseconds for the tick loop alone. */
  readonly loop: number;
}

/** Totals both implementations must agree on. */
interface Totals {
  readonly moneyIn: number;
  readonly moneyOut: number;
  readonly held: number;
  /** mint→firm sales, firm→market costs, summed over years. */
  readonly sales: number;
  readonly costs: number;
}
let engineTotals: Totals | null = null;
let handTotals: Totals | null = null;

function engineRun(model: typeof syntheticModel): Timing {
  const t0 = performance.now();
  const s = createSimulation(model, { agents: AGENTS }, { seed: 1, years: TICKS / 12 });
  const t1 = performance.now();
  const r = s.run();
  const t2 = performance.now();
  if (model !== bareSyntheticModel) {
    const totals = totalsOf(r.ledger, r.flows);
    if (engineTotals !== null && JSON.stringify(engineTotals) !== JSON.stringify(totals)) throw new Error("the system and per-row firms disagree");
    engineTotals = totals;
  }
  return { total: t2 - t0, loop: t2 - t1 };
}

function totalsOf(
  summary: LedgerSummary<string>,
  flows: readonly { rows: readonly { from: string; to: string; fund: string; pence: number }[] }[],
): Totals {
  let sales = 0;
  let costs = 0;
  for (const y of flows) {
    for (const row of y.rows) {
      if (row.from === "mint" && row.to === "firm" && row.fund === "sales") sales += row.pence;
      if (row.from === "firm" && row.to === "market" && row.fund === "costs") costs += row.pence;
    }
  }
  return { moneyIn: summary.moneyIn, moneyOut: summary.moneyOut, held: summary.held, sales, costs };
}

/**
 * The same arithmetic and the same double-entry bookkeeping as the engine run (balances, credits, debits, a
 * flow table by group × group × fund closed each year), written by hand over typed arrays with no checks.
 */
function handRun(post: boolean): Timing {
  const t0 = performance.now();
  const n = AGENTS + 2;
  const MINT = AGENTS;
  const MARKET = AGENTS + 1;
  const balance = new Float64Array(n);
  const credit = new Float64Array(n);
  const debit = new Float64Array(n);
  const group = new Int32Array(n); // 0 firm, 1 mint, 2 market
  group[MINT] = 1;
  group[MARKET] = 2;
  const years: Float64Array[] = [];
  let flows = new Float64Array(3 * 3 * 2);
  const price = new Float64Array(AGENTS).fill(START_PRICE);
  const stock = new Float64Array(AGENTS).fill(START_STOCK);
  const t1 = performance.now();
  for (let t = 0; t < TICKS; t++) {
    for (let i = 0; i < AGENTS; i++) {
      const p = price[i]! * 1.0001 + 1;
      price[i] = p;
      if (post) {
        const pence = Math.floor(p);
        balance[MINT]! -= pence;
        debit[MINT]! += pence;
        balance[i]! += pence;
        credit[i]! += pence;
        flows[(group[MINT]! * 3 + group[i]!) * 2 + 0]! += pence;
      }
    }
    for (let i = 0; i < AGENTS; i++) {
      const s = stock[i]! * 0.99 + 3;
      stock[i] = s;
      if (post) {
        const pence = Math.floor(s);
        balance[i]! -= pence;
        debit[i]! += pence;
        balance[MARKET]! += pence;
        credit[MARKET]! += pence;
        flows[(group[i]! * 3 + group[MARKET]!) * 2 + 1]! += pence;
      }
    }
    if (t % 12 === 11) {
      years.push(flows);
      flows = new Float64Array(3 * 3 * 2);
    }
  }
  const t2 = performance.now();
  if (post) {
    let held = 0;
    for (let i = 0; i < AGENTS; i++) held += balance[i]!;
    let sales = 0;
    let costs = 0;
    for (const y of years) {
      sales += y[(1 * 3 + 0) * 2 + 0]!;
      costs += y[(0 * 3 + 2) * 2 + 1]!;
    }
    handTotals = { moneyIn: -balance[MINT]!, moneyOut: balance[MARKET]!, held, sales, costs };
  } else if (!(price[0]! > 0 && stock[0]! > 0)) {
    throw new Error("hand loop did nothing");
  }
  return { total: t2 - t0, loop: t2 - t1 };
}

function transfersPerSecond(): number {
  const L = createLedger({ groups: ["a", "src", "sink"] as const, funds: ["f", "g"] as const });
  const src = L.source("src");
  const sink = L.sink("sink");
  const accounts = Array.from({ length: 1000 }, (_, i) => L.open({ owner: i, group: "a", purpose: "cash", overdraft: true }));
  const n = 2_000_000;
  const t0 = performance.now();
  for (let k = 0; k < n / 2; k++) {
    const a = accounts[k % 1000]!;
    L.transfer(src, a, 100, "f");
    L.transfer(a, sink, 90, "g");
  }
  const ms = performance.now() - t0;
  if (!L.verify().ok) throw new Error("ledger does not verify");
  return n / (ms / 1000);
}

/** Runs `a` and `b` alternately `REPS` times and keeps each one's best (smallest) timing. */
function sideBySide(a: () => Timing, b: () => Timing): { a: Timing; b: Timing } {
  let bestA: Timing = { total: Infinity, loop: Infinity };
  let bestB: Timing = { total: Infinity, loop: Infinity };
  const keep = (best: Timing, t: Timing): Timing => ({ total: Math.min(best.total, t.total), loop: Math.min(best.loop, t.loop) });
  for (let r = 0; r < REPS; r++) {
    bestA = keep(bestA, a());
    bestB = keep(bestB, b());
  }
  return { a: bestA, b: bestB };
}

transfersPerSecond(); // warm-up
const rate = Math.max(...Array.from({ length: REPS }, transfersPerSecond));
const withPostings = sideBySide(() => engineRun(syntheticModel), () => handRun(true));
const perRow = sideBySide(() => engineRun(syntheticRowModel), () => handRun(true));
const bare = sideBySide(() => engineRun(bareSyntheticModel), () => handRun(false));

const same = JSON.stringify(engineTotals) === JSON.stringify(handTotals);
if (!same) throw new Error(`engine and hand loop disagree: ${JSON.stringify(engineTotals)} vs ${JSON.stringify(handTotals)}`);

const ms = (x: number) => `${x.toFixed(1)} ms`;
const perSec = (x: number) => `${(STEPS / x / 1000).toFixed(1)}M agent-steps/s`;
const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`;
console.log(`## Engine (npm run bench:engine, engine-bench.ts)\n`);
console.log(`${AGENTS} agents × ${TICKS} monthly ticks × 2 phases = ${STEPS.toLocaleString("en-GB")} agent-steps, one ledger posting each; best of ${REPS}, engine and hand loop alternating.\n`);
console.log(`| measure | engine | hand loop | engine / hand |`);
console.log(`|---|---|---|---|`);
console.log(`| tick loop with postings, firms as systems | ${ms(withPostings.a.loop)} (${perSec(withPostings.a.loop)}) | ${ms(withPostings.b.loop)} (${perSec(withPostings.b.loop)}) | **${ratio(withPostings.a.loop, withPostings.b.loop)}** |`);
console.log(`| tick loop with postings, firms as per-row actions | ${ms(perRow.a.loop)} (${perSec(perRow.a.loop)}) | ${ms(perRow.b.loop)} | **${ratio(perRow.a.loop, perRow.b.loop)}** |`);
console.log(`| same, including setup (agents, accounts, config parse) | ${ms(withPostings.a.total)} | ${ms(withPostings.b.total)} | ${ratio(withPostings.a.total, withPostings.b.total)} |`);
console.log(`| tick loop without postings (arithmetic only) | ${ms(bare.a.loop)} | ${ms(bare.b.loop)} | ${ratio(bare.a.loop, bare.b.loop)} |`);
console.log(`| ledger transfers per second (2M transfers, best of ${REPS}) | ${(rate / 1e6).toFixed(1)}M | | |`);
console.log(`\nEngine and hand loop end with identical totals: money in ${engineTotals!.moneyIn}, out ${engineTotals!.moneyOut}, held ${engineTotals!.held} pence.`);
