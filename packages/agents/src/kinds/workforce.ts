/**
 * The national GP labour market, run when each year closes: GPs leave at a rate that rises with the
 * workload in their practice; newly qualified GPs and returners join a national pool; practices post
 * vacancies toward a target list per GP, scaled by what they can afford, and the pool fills them pro rata.
 * Partners leave as other GPs do; a share of those hired join as partners, the rest as salaried GPs (a
 * salaried department hires salaried GPs only). Patients per GP emerges from supply against demand instead
 * of being set.
 * @packageDocumentation
 */
import type { Sim } from "@ringfence/core";
import type { AnyNhsTypes } from "../world.js";

/** Runs the year's labour market over the open practices and sets next year's settlement pressure. */
export function labourMarket(sim: Sim<AnyNhsTypes>): void {
  const w = sim.world;
  const p = w.tables.practice;
  const c = p.cols;
  const wf = w.scenario.workforce;
  const n = w.national;
  const open = p.rows(); // the active rows are the open practices (a leaving practice is removed)
  let list = 0;
  for (let k = 0; k < open.length; k++) list += c.list[open[k]!]!;
  const leaving = new Float64Array(open.length);
  const vacancy = new Float64Array(open.length);
  let vacancies = 0;
  let leavers = 0;
  for (let k = 0; k < open.length; k++) {
    const i = open[k]!;
    const fte = c.gpFte[i]!;
    const load = fte > 0 ? c.list[i]! / fte / n.startPatientsPerGp - 1 : 1;
    leaving[k] = fte * Math.min(0.5, wf.leaverRate + wf.pressureLeaving * Math.max(0, load));
    leavers += leaving[k]!;
    const appetite = Math.min(2, Math.max(0, 1 + wf.hireAppetite * (c.profitShare[i]! - w.scenario.practice.profitShareMean)));
    vacancy[k] = Math.max(0, (c.list[i]! * c.weighting[i]!) / wf.targetPatientsPerGpFte - (fte - leaving[k]!)) * appetite;
    vacancies += vacancy[k]!;
  }
  const inflow = ((wf.inflowPerMillion * list) / 1e6) * Math.pow(1 + wf.inflowGrowth, n.year);
  const fill = vacancies > 0 ? Math.min(1, inflow / vacancies) : 0;
  let fteAfter = 0;
  let weighted = 0;
  for (let k = 0; k < open.length; k++) {
    const i = open[k]!;
    const before = c.gpFte[i]!;
    const hired = vacancy[k]! * fill;
    c.gpFte[i] = Math.max(0.5, before - leaving[k]! + hired);
    const partnersStay = before > 0 ? c.partnerFte[i]! * (1 - leaving[k]! / before) : 0;
    c.partnerFte[i] = Math.min(c.gpFte[i]!, partnersStay + (c.salaried[i] === 1 ? 0 : hired * wf.partnerHireShare));
    c.vacancy[i] = vacancy[k]! * (1 - fill);
    fteAfter += c.gpFte[i]!;
    weighted += c.list[i]! * c.weighting[i]!;
  }
  const end = w.year.end;
  end.open = open.length;
  end.list = list;
  end.weighted = weighted;
  end.fte = fteAfter;
  w.workforce.inflow = inflow;
  w.workforce.leavers = leavers;
  w.workforce.hired = Math.min(inflow, vacancies);
  w.workforce.unfilled = Math.max(0, vacancies - inflow);
  // The settlement's pressure input: the rise in patients per FTE GP over the year.
  const patientsPerGp = fteAfter > 0 ? list / fteAfter : n.patientsPerGp;
  n.pressure = n.patientsPerGp > 0 ? patientsPerGp / n.patientsPerGp - 1 : 0;
  n.patientsPerGp = patientsPerGp;
}
