/**
 * Practices leaving the payments panel per year and how many look like mergers (a neighbour in the same CCG
 * took at least 60% of the list): the evidence for the at-scale merger wave in docs/calibration.md. Then
 * practices arriving per year and how many look genuinely new (their list did not come from neighbours in
 * the same CCG): the evidence for practice entry.
 *
 *   npm run departures               # the fit years (departures 2014/15–2017/18: 2018/19's need the reserved file)
 *   npm run departures -- --split all  # every year of the panel
 */
import { loadRegister, practiceArrivals, practiceDepartures } from "@ringfence/agents";

const all = process.argv.includes("--split") && process.argv[process.argv.indexOf("--split") + 1] === "all";
const register = loadRegister({ access: all ? "all" : "fit" });
console.log(`Practices leaving the payments panel (${all ? "every year" : "the fit years"}; NHS Digital, NHS Payments to General Practice)`);
console.log("last year   departed   merger-like   share   median list");
for (const y of practiceDepartures(register.payments)) {
  console.log(`${y.year}/${String((y.year + 1) % 100).padStart(2, "0")}     ${String(y.departed).padStart(8)}   ${String(y.mergerLike).padStart(11)}   ${(y.departed === 0 ? "–" : `${Math.round((100 * y.mergerLike) / y.departed)}%`).padStart(5)}   ${String(Math.round(y.medianList)).padStart(11)}`);
}
console.log("");
console.log(`Practices arriving in the payments panel (${all ? "every year" : "the fit years"}): new codes, those with a list, those whose list could have come from neighbours in the CCG, the rest (new)`);
console.log("first year   arrived   with list   from neighbours   new   median new list");
const label = (year: number): string => `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
for (const y of practiceArrivals(register.payments)) {
  console.log(`${label(y.year)}      ${String(y.arrived).padStart(7)}   ${String(y.listed).padStart(9)}   ${String(y.fromNeighbours).padStart(15)}   ${String(y.listed - y.fromNeighbours).padStart(3)}   ${String(Math.round(y.medianNewList)).padStart(15)}`);
}
