/**
 * The register as the model reads it ({@link RegisterData}), built from a loader of the checked register:
 * the fit years, and the whole register only when a run starts in a reserved year. Node's loader reads the
 * shipped files; a browser's parses the same files fetched. Pure: no file access.
 * @packageDocumentation
 */
import type { RegisterPracticeRow } from "../population-register.js";
import type { RegisterData } from "../register-source.js";
import { practicesInYear, type Register } from "./register.js";
import { FIT_THROUGH_YEAR, type RegisterAccess } from "./split.js";

/** A payments row as the population builder reads it (pounds, contract type GMS, PMS or APMS). */
export function practiceRow(r: Register["payments"][number]): RegisterPracticeRow {
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

/**
 * The register data a provider hands the model, from a loader of the checked register: the fit register is
 * loaded at once, the whole register only when a run starts in a reserved year (never on the fit path, whose
 * runs start in 2014/15). Each year's rows are built once.
 * @example
 * ```ts
 * provideRegister(() => registerDataOf((access) => loadRegister({ access })));
 * ```
 */
export function registerDataOf(load: (access: RegisterAccess) => Register): RegisterData {
  const fit = load("fit");
  let all: Register | undefined;
  const years = new Map<number, readonly RegisterPracticeRow[]>();
  return {
    icbCodes: fit.icbs.map((i) => i.code),
    rowsOf(year) {
      let rows = years.get(year);
      if (rows !== undefined) return rows;
      const register = year <= FIT_THROUGH_YEAR ? fit : (all ??= load("all"));
      rows = practicesInYear(register, year).map(practiceRow);
      years.set(year, rows);
      return rows;
    },
  };
}
