/**
 * Plain-language notes on what a valid scenario's combinations of settings mean, for `ringfence validate`.
 * @packageDocumentation
 */
import type { Scenario } from "./scenario.js";

const pct = (x: number): string => `${(x * 100).toFixed(x * 100 < 10 ? 1 : 0)}%`;
const label = (year: number): string => `${year}/${String((year + 1) % 100).padStart(2, "0")}`;

/**
 * What the settings of a validated scenario mean together, one sentence each (empty when nothing needs
 * saying): today, the national shift out of core (`governance.coreShiftPerYear`) and where it lands.
 */
export function scenarioNotes(sc: Scenario): string[] {
  const notes: string[] = [];
  const gov = sc.governance;
  const shift = gov.coreShiftPerYear;
  if (shift > 0) {
    const first = sc.startYear + 1;
    const last = sc.startYear + sc.years - 1;
    const total = 1 - Math.pow(1 - shift, Math.max(0, sc.years - 1));
    const fenced = gov.ringFenced.includes("core") ? " (ring-fenced against the ICB's own cuts, not against this national shift)" : "";
    const moves = `governance.coreShiftPerYear ${shift}: from ${label(first)}, a further ${pct(shift)} of what is left of core moves each year out of the ICB's core line${fenced} into the enhanced line, ${pct(total)} of core by ${label(last)}`;
    if (gov.holder === "iho") {
      const host = gov.ihoHost === "acute-trust" ? "the largest acute trust" : "a capable GP federation";
      const fallback = gov.ihoHost === "federation" ? (gov.ihoFallback === "icb" ? "; where no federation can host, it stays with the ICB" : "; where no federation can host, the largest acute trust holds it") : "";
      const rule = sc.policies[gov.ihoHost]?.name ?? "divert-shortfall";
      notes.push(`${moves}. Under the integrated health organisation that line is held by ${host}, whose rule (${rule}) may divert it to cover its shortfall${fallback}.`);
    } else if (gov.holder === "place-board" && gov.pooled.includes("enhanced")) {
      notes.push(`${moves}. The place boards hold that line and share it with the pool's other members by voice.`);
    } else {
      notes.push(`${moves}, which the ICB holds${gov.ringFenced.includes("enhanced") ? " ring-fenced" : " and may cut to close a gap"}.`);
    }
  }
  return notes;
}
