/**
 * The Node provider of the practice register: reads the files shipped in `packages/agents/data/register`
 * through the checked loader (each row against its schema, each file against its sha-256), the fit years
 * only unless a run starts in a reserved year.
 * @packageDocumentation
 */
import type { RegisterPracticeRow } from "./population-register.js";
import { loadRegister } from "./register/read-register.js";
import { practicesInYear, type Register } from "./register/register.js";
import { FIT_THROUGH_YEAR } from "./register/split.js";
import { provideRegister, type RegisterData } from "./register-source.js";

/** A payments row as the population builder reads it (pounds, contract type GMS, PMS or APMS). */
function practiceRow(r: Register["payments"][number]): RegisterPracticeRow {
  const p = r.pence;
  return {
    code: r.practiceCode,
    icbCode: r.icbCode,
    subIcbCode: r.subIcbCode,
    contract: r.contractType === "GMS" || r.contractType === "PMS" ? r.contractType : "APMS",
    registered: r.registeredPatients,
    weighted: r.weightedPatients,
    globalSum: p.globalSum / 100,
    mpig: p.mpig / 100,
    pmsBalance: p.pmsBalance / 100,
    qof: p.qof / 100,
    premises: p.premises / 100,
    total: p.total / 100,
  };
}

function readRegister(): RegisterData {
  const fit = loadRegister({ access: "fit" });
  let all: Register | undefined;
  const years = new Map<number, readonly RegisterPracticeRow[]>();
  return {
    icbCodes: fit.icbs.map((i) => i.code),
    rowsOf(year) {
      let rows = years.get(year);
      if (rows !== undefined) return rows;
      // The fit register holds no reserved year; a run starting in one reads the whole register (never on the
      // fit path, whose runs start in 2014/15).
      const register = year <= FIT_THROUGH_YEAR ? fit : (all ??= loadRegister({ access: "all" }));
      rows = practicesInYear(register, year).map(practiceRow);
      years.set(year, rows);
      return rows;
    },
  };
}

provideRegister(readRegister);
