/**
 * The floor of an England run: a hand-written typed-array program shaped like a ring-fenced NHS run
 * (the same population, the same yearly money movements as double-entry postings with a yearly flow table
 * by group and fund, the same random draws from per-entity Alea streams, the same yearly arithmetic for
 * practices, PCNs, trusts, community providers, councils and ICBs, and the labour market), with no engine,
 * no kinds, no policies and no checks. The benchmark runs it beside the engine and checks that the two make
 * the same number of postings and draws, within a few per cent. It does less of the model's logic than the
 * engine: a practice that leaves just closes (no merger, no neighbour search, no patients moved), nothing
 * turns salaried, no events are sent, and entitlements are posted whole, not as capped standing orders with
 * arrears.
 * @packageDocumentation
 */
import type { Population } from "@ringfence/agents";

/** What the floor did, to compare with the engine's work. */
export interface FloorWork {
  /** Non-zero postings. */
  readonly postings: number;
  /** Uniform draws. */
  readonly draws: number;
  /** A checksum of the final state, so the work cannot be optimised away. */
  readonly checksum: number;
}

/** Per-entity Alea streams in one Float64Array (c, s0, s1, s2 a row), seeded from simple integer hashes. */
class Streams {
  readonly s: Float64Array;
  draws = 0;
  constructor(rows: number, salt: number) {
    this.s = new Float64Array(4 * rows);
    for (let r = 0; r < rows; r++) {
      this.s[4 * r] = 1;
      for (let k = 1; k < 4; k++) this.s[4 * r + k] = (Math.imul(r + 1, 2654435761 + salt * 97 + k * 40503) >>> 0) / 2 ** 32;
    }
  }
  next(r: number): number {
    const s = this.s;
    const i = 4 * r;
    this.draws++;
    const t = 2091639 * s[i + 1]! + s[i]! * 2.3283064365386963e-10;
    s[i + 1] = s[i + 2]!;
    s[i + 2] = s[i + 3]!;
    const c = t | 0;
    s[i] = c;
    return (s[i + 3] = t - c);
  }
  normal(r: number, mean: number, sd: number): number {
    const u1 = 1 - this.next(r);
    const u2 = this.next(r);
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  gamma(r: number, shape: number): number {
    const boost = shape < 1;
    const k = boost ? shape + 1 : shape;
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    let draw: number;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal(r, 0, 1);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next(r);
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        draw = d * v;
        break;
      }
    }
    return boost ? draw * Math.pow(1 - this.next(r), 1 / shape) : draw;
  }
}

// Groups and funds of the flow table (as the model declares them).
const G = 12;
const F = 14;
const [NATIONAL, ICB, COUNCIL, , COMMUNITY, ACUTE, , PCN, PRACTICE, TREASURY, LOCAL, SERVICES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const [ENHANCED, PCNF, QOF, PREMISES, CORE, ALLOCATION, ACUTEF, COMMUNITYF, OTHER, SOCIAL, BCF, , OPERATING] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/**
 * Runs the floor for `years` years over a population (England 2025 for the benchmark); `seed` varies the
 * streams. Money is whole pence, as in the engine.
 */
export function runNhsFloor(pop: Population, years: number, seed: number): FloorWork {
  const P = pop.practices.length;
  const N = pop.pcns.length;
  const A = pop.acutes.length;
  const I = pop.icbs.length;
  const C = pop.councils.length;
  // Accounts: 0 treasury, 1 local taxation, 2 services, 3 national, then ICB cash, ICB lines (5 each),
  // councils, community providers, acute trusts, PCNs, practices.
  const icbCash = 4;
  const icbLines = icbCash + I;
  const councilAcc = icbLines + 5 * I;
  const communityAcc = councilAcc + C;
  const acuteAcc = communityAcc + I;
  const pcnAcc = acuteAcc + A;
  const practiceAcc = pcnAcc + N;
  const accounts = practiceAcc + P;
  const balance = new Float64Array(accounts);
  const credit = new Float64Array(accounts);
  const debit = new Float64Array(accounts);
  const group = new Int32Array(accounts);
  group[0] = TREASURY;
  group[1] = LOCAL;
  group[2] = SERVICES;
  group[3] = NATIONAL;
  group.fill(ICB, icbCash, councilAcc);
  group.fill(COUNCIL, councilAcc, communityAcc);
  group.fill(COMMUNITY, communityAcc, acuteAcc);
  group.fill(ACUTE, acuteAcc, pcnAcc);
  group.fill(PCN, pcnAcc, practiceAcc);
  group.fill(PRACTICE, practiceAcc, accounts);
  let flows = new Float64Array(G * G * F);
  const closed: Float64Array[] = [];
  let postings = 0;
  const post = (from: number, to: number, pence: number, fund: number): void => {
    if (pence <= 0) return;
    balance[from]! -= pence;
    debit[from]! += pence;
    balance[to]! += pence;
    credit[to]! += pence;
    flows[(group[from]! * G + group[to]!) * F + fund]! += pence;
    postings++;
  };

  // Entities as columns.
  const list = Float64Array.from(pop.practices, (p) => p.list);
  const weighting = Float64Array.from(pop.practices, (p) => p.weighting);
  const practiceIcb = Int32Array.from(pop.practices, (p) => pop.pcns[p.pcn]!.icb);
  const practicePcn = Int32Array.from(pop.practices, (p) => p.pcn);
  const open = new Uint8Array(P).fill(1);
  const fte = Float64Array.from(list, (l) => l / 2260);
  const fixed = new Float64Array(P);
  const perPatient = new Float64Array(P);
  const income = new Float64Array(P);
  const profit = new Float64Array(P).fill(0.3);
  const rates = [3420, 3750, 1250, 1330, 12179];
  for (let i = 0; i < P; i++) {
    const inc = rates[CORE]! * list[i]! * weighting[i]! + (rates[ENHANCED]! + rates[PREMISES]! + rates[QOF]! * 0.96 + rates[PCNF]! * 0.41) * list[i]!;
    fixed[i] = inc * 0.7 * 0.3;
    perPatient[i] = (inc * 0.7 * 0.7) / list[i]!;
  }
  const acuteCost = new Float64Array(A);
  const contract = Float64Array.from(pop.acutes, (a) => a.share);
  const communityCost = new Float64Array(I);
  const need = new Float64Array(C);
  const icbList = new Float64Array(I);
  const pcnList = new Float64Array(N);
  const s = {
    national: new Streams(1, seed),
    cost: new Streams(P, seed + 1),
    qof: new Streams(P, seed + 2),
    exit: new Streams(P, seed + 3),
    arrs: new Streams(N, seed + 4),
    acute: new Streams(A, seed + 5),
    decommission: new Streams(A, seed + 6),
    setup: new Streams(A, seed + 7),
    community: new Streams(I, seed + 8),
    council: new Streams(C, seed + 9),
  };
  let allocation = 192e9 * 100;
  let price = 1;
  for (let y = 0; y < years; y++) {
    // Year open: the settlement, area sums, allocations and every budget line.
    const real = s.national.normal(0, 0.03, 0.01);
    const inflation = s.national.normal(0, 0.025, 0.008);
    const uplift = s.national.normal(0, 0, 0.01) + 0.3 * real;
    if (y > 0) {
      price *= 1 + inflation;
      allocation = Math.round(allocation * (1 + real) * (1 + inflation));
      for (let l = 0; l < 5; l++) rates[l]! *= (1 + inflation) * (1 + uplift);
    }
    icbList.fill(0);
    pcnList.fill(0);
    for (let i = 0; i < P; i++) {
      if (open[i] !== 1) continue;
      icbList[practiceIcb[i]!]! += list[i]! * weighting[i]!;
      pcnList[practicePcn[i]!]! += list[i]!;
    }
    post(0, 3, allocation, ALLOCATION);
    let weighted = 0;
    for (let k = 0; k < I; k++) weighted += icbList[k]!;
    for (let k = 0; k < I; k++) {
      const a = Math.floor((allocation * icbList[k]!) / weighted);
      post(3, icbCash + k, a, ALLOCATION);
      const gp = rates[CORE]! * icbList[k]! + (rates[ENHANCED]! + rates[PCNF]! + rates[QOF]! + rates[PREMISES]!) * (icbList[k]! / 1.0);
      for (let l = 0; l < 5; l++) post(icbCash + k, icbLines + 5 * k + l, Math.round(l === CORE ? rates[CORE]! * icbList[k]! : gp / 10), l);
      post(icbCash + k, communityAcc + k, Math.round(0.16 * a), COMMUNITYF);
      post(icbCash + k, 2, Math.round(0.3 * a), OTHER);
    }
    for (let r = 0; r < A; r++) {
      const k = pop.acutes[r]!.icb;
      const shock = s.acute.normal(r, 0.008, 0.01);
      const winter = s.acute.next(r) < 0.3;
      const pay = s.acute.normal(r, 0.005, 0.005);
      const eff = s.acute.normal(r, 0.012, 0.005);
      s.decommission.next(r);
      const margin = s.setup.normal(r, -0.01, 0.015);
      const k2 = Math.round(0.42 * (allocation * icbList[k]! / weighted) * contract[r]!);
      post(icbCash + k, acuteAcc + r, k2, ACUTEF);
      acuteCost[r] = y === 0 ? k2 * (1 - margin) : acuteCost[r]! * (1 + inflation + 0.65 * pay - eff) * (1.02 + shock) + (winter ? 0.01 * acuteCost[r]! : 0);
      post(acuteAcc + r, 2, Math.round(acuteCost[r]!), OPERATING);
    }
    for (let k = 0; k < I; k++) {
      const g = s.community.normal(k, 0.035, 0.01);
      s.community.normal(k, 0, 0.01);
      communityCost[k] = y === 0 ? 0.16 * (allocation / I) : communityCost[k]! * (1 + inflation - 0.01) * (1 + g);
      post(communityAcc + k, 2, Math.round(communityCost[k]!), OPERATING);
    }
    for (let c = 0; c < C; c++) {
      const g = s.council.normal(c, 0.045, 0.01);
      need[c] = y === 0 ? 28e9 * 100 / C : need[c]! * (1 + g);
      post(1, councilAcc + c, Math.round(need[c]! * 0.97), SOCIAL);
      post(icbCash + pop.councils[c]!.icb, councilAcc + c, Math.round(need[c]! * 0.03), BCF);
      post(councilAcc + c, 2, Math.round(need[c]!), SOCIAL);
    }
    // PCNs: money in, pass-through to practices (below), the rest spent at the year end.
    for (let n = 0; n < N; n++) post(icbLines + 5 * pop.pcns[n]!.icb + PCNF, pcnAcc + n, Math.floor(rates[PCNF]! * pcnList[n]!), PCNF);
    // Practices: expenses, entitlements paid for the year, QOF at the year end.
    for (let i = 0; i < P; i++) {
      if (open[i] !== 1) continue;
      const noise = s.cost.normal(i, 0, 0.01);
      if (y > 0) {
        fixed[i]! *= 1 + inflation + 0.0075 + noise;
        perPatient[i]! *= 1 + inflation + 0.0075 + noise;
      }
      const k = practiceIcb[i]!;
      const expenses = Math.round(fixed[i]! + perPatient[i]! * list[i]!);
      const core = Math.floor(rates[CORE]! * list[i]! * weighting[i]!);
      const enhanced = Math.floor(rates[ENHANCED]! * list[i]!);
      const premises = Math.floor(rates[PREMISES]! * list[i]!);
      post(icbLines + 5 * k + CORE, practiceAcc + i, core, CORE);
      post(icbLines + 5 * k + ENHANCED, practiceAcc + i, enhanced, ENHANCED);
      post(icbLines + 5 * k + PREMISES, practiceAcc + i, premises, PREMISES);
      const pass = Math.floor((0.41 * rates[PCNF]! * list[i]!) );
      post(pcnAcc + practicePcn[i]!, practiceAcc + i, pass, PCNF);
      post(practiceAcc + i, 2, expenses, OPERATING);
      const z = s.qof.normal(i, 0, 1);
      const achievement = 1 / (1 + Math.exp(-(3.18 + 0.4 * z)));
      const qof = Math.floor(rates[QOF]! * list[i]! * achievement);
      post(icbLines + 5 * k + QOF, practiceAcc + i, qof, QOF);
      income[i] = core + enhanced + premises + pass + qof;
      profit[i] = (income[i]! - expenses) / income[i]!;
    }
    for (let n = 0; n < N; n++) {
      const arrs = balance[pcnAcc + n]!;
      const a = s.arrs.gamma(n, 1.8);
      const b = s.arrs.gamma(n, 28.2);
      const back = Math.round(Math.max(0, arrs) * (a / (a + b)));
      post(pcnAcc + n, icbCash + pop.pcns[n]!.icb, back, PCNF);
      post(pcnAcc + n, 2, Math.max(0, arrs - back), PCNF);
    }
    // Year close: exits, the labour market, list growth, unspent lines back to the ICB, the flow table.
    let openCount = 0;
    let fteTotal = 0;
    for (let i = 0; i < P; i++) {
      if (open[i] !== 1) continue;
      const u = s.exit.next(i);
      s.exit.next(i);
      const hazard = 0.012 + 0.15 * Math.max(0, (0.15 - profit[i]!) / 0.15);
      if (u < hazard) {
        open[i] = 0;
        continue;
      }
      const leaving = fte[i]! * 0.085;
      const vacancy = Math.max(0, (list[i]! * weighting[i]!) / 1800 - (fte[i]! - leaving));
      fte[i] = Math.max(0.5, fte[i]! - leaving + 0.5 * vacancy);
      list[i] = Math.round(list[i]! * 1.011);
      openCount++;
      fteTotal += fte[i]!;
    }
    for (let k = 0; k < I; k++) for (let l = 0; l < 5; l++) post(icbLines + 5 * k + l, icbCash + k, Math.max(0, balance[icbLines + 5 * k + l]!), l);
    closed.push(flows);
    flows = new Float64Array(G * G * F);
    if (openCount === 0 || fteTotal < 0) break;
  }
  let checksum = 0;
  for (let a = 0; a < accounts; a++) checksum += balance[a]! + credit[a]! - debit[a]!;
  const draws = Object.values(s).reduce((n, x) => n + x.draws, 0);
  return { postings, draws, checksum: checksum + closed.length };
}
