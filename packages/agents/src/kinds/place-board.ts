/**
 * The place board: a pooled budget with a single accountable person whose lean, and the members' voice,
 * weight how the pot is shared (seeds 002, 003).
 * @packageDocumentation
 */
import { defineKind, split } from "@ringfence/core";
import { GP_LINES, type NhsTypes } from "../domain.js";
import type { PoolClaim } from "../policies/signatures.js";
import { LINE_COUNT, type PlaceBoardState } from "../world.js";
import { formulaOfPractices, sweepHolding } from "./shared.js";

/** The place board kind. */
export const placeBoardKind = defineKind<NhsTypes, PlaceBoardState>({
  kind: "place-board",
  act: {
    allocate(agent, sim) {
      const w = sim.world;
      const s = agent.state;
      const gov = w.scenario.governance;
      const pp = w.scenario.placeBoard;
      const rng = sim.streams.get("place", agent.id);
      const lean = rng.uniform(-pp.leanRange, pp.leanRange); // drawn every year (common random numbers)
      const icb = w.agents.icbs[w.indexOf[s.icb]!]!.state;
      const pot = sim.ledger.balance(s.account);

      // General practice claims what the national formula (with ICB adjustments) gives the pooled lines.
      const formula = formulaOfPractices(w, s.practices);
      const gpLines = formula.map((f, i) => (w.pooled[i] ? Math.round(f * icb.holding.factor[i]!) : 0));
      const gpClaim = gpLines.reduce((a, b) => a + b, 0);
      const pcns = s.pcns.map((id) => w.agents.pcns[w.indexOf[id]!]!.state);
      const cohesion = pcns.length > 0 ? pcns.reduce((a, p) => a + p.cohesion, 0) / pcns.length : 0;
      const fedCapability = Math.max(0, ...icb.federations.map((id) => w.agents.federations[w.indexOf[id]!]!.state).filter((f) => !f.failed).map((f) => f.capability));
      const claims: PoolClaim[] = [
        { member: "general-practice", pence: gpClaim, weight: (pp.gpVoiceBase + pp.gpVoicePerCohesion * (cohesion + fedCapability) / 2) * (1 + lean) },
      ];
      const acutes = icb.acutes.map((id) => w.agents.acutes[w.indexOf[id]!]!.state);
      if (gov.poolAcute) {
        const pressure = acutes.reduce((a, t) => a + t.carriedDeficit, 0) * s.populationShare;
        claims.push({ member: "acute", pence: Math.round(s.acuteDelegated + pressure), weight: pp.acuteVoice * (1 + lean) });
      }
      const council = w.agents.councils[w.indexOf[s.council]!]!;
      if (gov.poolSocialCare) {
        const share = s.populationShare / Math.max(1e-9, council.state.places.reduce((a, id) => a + w.agents.places[w.indexOf[id]!]!.state.populationShare, 0));
        // Social care claims back what was pooled for it (council contribution and Better Care Fund) plus
        // whatever its policy asks for unmet need.
        const kept = Math.round(council.state.ownBudget * (1 - w.scenario.council.poolContribution) * share);
        const pooledIn = Math.round(council.state.ownBudget * w.scenario.council.poolContribution * share + icb.bcf * s.populationShare);
        const { claim } = w.policies.council.decide({ need: Math.round(council.state.need * share), ownBudget: kept + pooledIn }, sim.streams.get("council", council.id));
        claims.push({ member: "social-care", pence: pooledIn + claim, weight: pp.councilVoice * (1 - lean) });
      }
      const { grants } = w.policies["place-board"].decide({ pot, claims }, rng);
      const granted = grants.map((g) => Math.max(0, Math.floor(g)));
      let left = pot;
      claims.forEach((c, k) => {
        const g = Math.min(granted[k] ?? 0, left);
        left -= g;
        if (c.member === "general-practice") {
          const parts = gpClaim > 0 ? split(g, gpLines) : gpLines.map(() => 0);
          for (let i = 0; i < LINE_COUNT; i++) {
            if (!w.pooled[i]) continue;
            s.holding.factor[i] = formula[i]! > 0 ? parts[i]! / formula[i]! : 0;
            if (parts[i]! > 0) sim.ledger.transfer(s.account, s.holding.accounts[i]!, parts[i]!, GP_LINES[i]!, "place board grant to general practice");
          }
        } else if (c.member === "acute") {
          const paid = sim.ledger.distribute(s.account, acutes.map((a) => a.account), acutes.map((a) => a.share), g, "acute", "place board grant to acute services");
          acutes.forEach((a, i) => {
            a.contract += paid[i]!;
            a.income += paid[i]!;
          });
        } else if (g > 0) {
          sim.ledger.transfer(s.account, council.state.account, g, "social-care", "place board grant to social care");
        }
      });
    },
    decide(agent, sim) {
      // After every payment of the year: unpaid general practice money returns to the pot for next year.
      sweepHolding(sim, agent.state.holding, agent.state.account, "unspent line back to the pool");
    },
  },
});
