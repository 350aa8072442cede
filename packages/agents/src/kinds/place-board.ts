/**
 * The place board: a pooled budget with a single accountable person whose lean, and the members' voice,
 * weight how the pot is shared (seeds 002, 003). General practice's voice grows with its PCNs' cohesion and
 * its federations' capability; a strong voice can win more than the formula.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId } from "@ringfence/core";
import { PLACE_COLUMNS, type PlaceLinks } from "../columns.js";
import { GP_LINES } from "../domain.js";
import type { PoolClaim } from "../policies/signatures.js";
import { LINE, LINE_COUNT, type NhsTypes, type PoolMember } from "../world.js";
import { checkAmount, checkAmounts, checkNumber, DecisionError, gather, lineAccount, type NhsSim, policyYear, sweepHolding, yearLabel } from "./shared.js";

/** General practice's voice on a place board: a base plus cohesion of its PCNs and capability of its federations. */
export function gpVoice(sim: NhsSim, row: number, links: PlaceLinks, icbRow: number): number {
  const w = sim.world;
  const pp = w.scenario.placeBoard;
  const pcn = w.tables.pcn;
  let cohesion = 0;
  for (const k of links.pcns) cohesion += pcn.cols.cohesion[k]!;
  cohesion = links.pcns.length > 0 ? cohesion / links.pcns.length : 0;
  const fed = w.tables.federation;
  let capability = 0;
  for (const f of w.tables.icb.state[icbRow]!.federations) if (fed.cols.failed[f] === 0) capability = Math.max(capability, fed.cols.capability[f]!);
  void row;
  return pp.gpVoiceBase + (pp.gpVoicePerCohesion * (cohesion + capability)) / 2;
}

/** The place board kind. */
export const placeBoardKind = defineKind<NhsTypes, PlaceLinks>()({
  kind: "place-board",
  columns: PLACE_COLUMNS,
  act: {
    allocate(row, t, sim) {
      const w = sim.world;
      const c = t.cols;
      const gov = w.scenario.governance;
      const pp = w.scenario.placeBoard;
      const account = c.account[row]! as AccountId;
      const icbRow = c.icb[row]!;
      const icb = w.tables.icb;
      // The accountable person's lean: a scenario's mean plus a yearly swing (drawn every year).
      const lean = pp.leanMean + sim.streams.get("place", row).uniform(-pp.leanRange, pp.leanRange);
      const pot = sim.ledger.balance(account);

      // General practice claims the formula (with the ICB's adjustments) of the pooled lines.
      const n = w.national;
      const own = icb.cols.holding[icbRow]!;
      const formula = new Float64Array(LINE_COUNT);
      const gpLines = new Array<number>(LINE_COUNT).fill(0);
      for (let i = 0; i < LINE_COUNT; i++) {
        if (!w.pooled[i]) continue;
        formula[i] = Math.round(n.rates[i]! * w.aggregates.placeBase[row * LINE_COUNT + i]!);
        gpLines[i] = Math.round(formula[i]! * w.holdings.factor[own * LINE_COUNT + i]!);
      }
      const gpClaim = gpLines.reduce((a, b) => a + b, 0);
      const claims: PoolClaim[] = [{ member: "general-practice", pence: gpClaim, weight: Math.max(0, gpVoice(sim, row, t.state[row]!, icbRow) * (1 + lean)) }];
      // What each member put into the pot this year (general practice: its lines as delegated), for the
      // attribution of general practice money the pot shares out elsewhere.
      const gpIn = c.gpDelegated[row]!;
      const putIn: number[] = [gpIn];
      const acute = w.tables.acute;
      const acutes = icb.state[icbRow]!.acutes;
      if (gov.poolAcute) {
        let pressure = 0;
        for (const a of acutes) pressure += acute.cols.carriedDeficit[a]!;
        claims.push({ member: "acute", pence: Math.round(c.acuteDelegated[row]! + pressure * c.populationShare[row]!), weight: Math.max(0, pp.acuteVoice * (1 + lean)) });
        putIn.push(c.acuteDelegated[row]!);
      }
      const council = w.tables.council;
      const k = c.council[row]!;
      if (gov.poolSocialCare) {
        let placesOfCouncil = 0;
        const councilPlaces = council.state[k]!.places;
        for (const p of councilPlaces) placesOfCouncil += t.cols.populationShare[p]!;
        const share = c.populationShare[row]! / Math.max(1e-9, placesOfCouncil);
        const cp = w.scenario.council;
        // Social care claims back what was pooled for it (council contribution and Better Care Fund) plus
        // what its policy asks for unmet need.
        const kept = Math.round(council.cols.ownBudget[k]! * (1 - cp.poolContribution) * share);
        const pooledIn = Math.round(council.cols.ownBudget[k]! * cp.poolContribution * share + icb.cols.bcf[icbRow]! * c.populationShare[row]!);
        const policy = w.policies.council;
        const { claim } = policy.decide({ year: policyYear(w), need: Math.round(council.cols.need[k]! * share), ownBudget: kept + pooledIn, pot }, sim.streams.get("council", k));
        const checked = checkAmount(sim, "council", policy.name, k, "claim", claim, Number.MAX_SAFE_INTEGER);
        claims.push({ member: "social-care", pence: pooledIn + checked, weight: Math.max(0, pp.councilVoice * (1 - lean)) });
        putIn.push(pooledIn);
      }
      // Members added by model extensions claim after the built-in ones; a claim is checked like a decision.
      const members: (PoolMember<string, string> | undefined)[] = claims.map(() => undefined);
      for (const m of w.poolMembers) {
        const claim = m.claim(sim, row);
        if (claim === undefined) continue;
        const pence = checkAmount(sim, "place-board", `pool member ${m.member}`, row, "claim", claim.pence, Number.MAX_SAFE_INTEGER);
        const weight = checkNumber(sim, "place-board", `pool member ${m.member}`, row, "claim weight", claim.weight, 0, Number.MAX_VALUE);
        claims.push({ member: m.member, pence, weight });
        putIn.push(0);
        members.push(m);
      }
      const policy = w.policies["place-board"];
      const { grants } = policy.decide({ pot, claims }, sim.streams.get("place", row));
      const granted = checkAmounts(sim, "place-board", policy.name, row, "grants", grants, claims.map(() => pot));
      const total = granted.reduce((a, b) => a + b, 0);
      if (total > pot) checkAmount(sim, "place-board", policy.name, row, "grants (sum)", total, pot);

      // General practice money the pot gave elsewhere: what general practice put in less what it got back went
      // to the members that came out ahead (granted more than they put in) and into the pool's reserve, in
      // proportion to how far ahead each came. Those parts of their grants are posted as general practice
      // lines, so the ledger shows where the money went; extension members take their grant through their
      // own hook and are not among the destinations.
      const lost = Math.max(0, gpIn - granted[0]!);
      const gpFundsOut = new Array<number>(claims.length).fill(0);
      if (lost > 0) {
        const gains = claims.map((_, i) => (i === 0 || members[i] !== undefined ? 0 : Math.max(0, granted[i]! - putIn[i]!)));
        const reserve = Math.max(0, putIn.reduce((a, b) => a + b, 0) - total);
        const weights = [...gains, reserve];
        if (!weights.some((x) => x > 0)) weights[weights.length - 1] = 1;
        const parts = split(lost, weights);
        claims.forEach((_, i) => {
          gpFundsOut[i] = Math.min(parts[i]!, granted[i]!);
        });
      }
      // Which lines the lost money came from: each pooled line in proportion to its own shortfall.
      const lineShort = new Array<number>(LINE_COUNT).fill(0);
      const paidLines = gpClaim > 0 ? split(granted[0]!, gpLines) : gpLines.map(() => 0);
      for (let j = 0; j < LINE_COUNT; j++) if (w.pooled[j]) lineShort[j] = Math.max(0, gpLines[j]! - paidLines[j]!);
      if (!lineShort.some((x) => x > 0)) lineShort[Math.max(0, w.pooled.indexOf(true))] = 1;
      claims.forEach((claim, i) => {
        const g = granted[i]!;
        const fromGp = gpFundsOut[i]!;
        if (claim.member === "general-practice") {
          // Split over the pooled lines in proportion to what each claimed; the factor is what practices get.
          const h = c.holding[row]!;
          const parts = gpClaim > 0 ? split(g, gpLines) : gpLines.map(() => 0);
          for (let j = 0; j < LINE_COUNT; j++) {
            if (!w.pooled[j]) continue;
            w.holdings.factor[h * LINE_COUNT + j] = formula[j]! > 0 ? parts[j]! / formula[j]! : 0;
            if (parts[j]! > 0) sim.ledger.transfer(account, lineAccount(w, h, j), parts[j]!, GP_LINES[j]!, "place board grant to general practice");
          }
          c.gpGranted[row] = g;
          if (g > gpClaim) w.year.gpAboveFormula += g - gpClaim;
          if (g > gpIn) w.year.gpFunded += g - gpIn;
        } else if (claim.member === "acute") {
          const paid = split(g, gather(acutes, acute.cols.share));
          const fromLines = split(fromGp, paid);
          const rest = paid.map((x, j) => x - fromLines[j]!);
          if (fromGp > 0) {
            const byLine = split(fromGp, lineShort);
            for (let j = 0; j < LINE_COUNT; j++) {
              if (byLine[j]! > 0) sim.ledger.transferMany(account, gather(acutes, acute.cols.account), split(byLine[j]!, fromLines), GP_LINES[j]!, "general practice money the place board granted to acute services");
            }
          }
          sim.ledger.transferMany(account, gather(acutes, acute.cols.account), rest, "acute", "place board grant to acute services");
          acutes.forEach((a, j) => {
            acute.cols.income[a]! += paid[j]!;
          });
        } else if (claim.member === "social-care" && g > 0) {
          const byLine = split(fromGp, lineShort);
          for (let j = 0; j < LINE_COUNT; j++) {
            if (byLine[j]! > 0) sim.ledger.transfer(account, council.cols.account[k]! as AccountId, byLine[j]!, GP_LINES[j]!, "general practice money the place board granted to social care");
          }
          if (g - fromGp > 0) sim.ledger.transfer(account, council.cols.account[k]! as AccountId, g - fromGp, "social-care", "place board grant to social care");
        } else if (g > 0) {
          const m = members[i]!;
          const before = sim.ledger.balance(account);
          m.receive(sim, row, g, account);
          const taken = before - sim.ledger.balance(account);
          if (taken !== g) throw new DecisionError("place-board", `pool member ${m.member}`, row, yearLabel(sim), `receive: expected to take the ${g} pence granted from the place board's account, took ${taken}`);
        }
      });
    },
    decide(row, t, sim) {
      // After every payment of the year: unpaid general practice money returns to the pot for next year.
      sweepHolding(sim, t.cols.holding[row]!, t.cols.account[row]! as AccountId, "unspent line back to the pool");
    },
  },
});
