/**
 * The Node provider of the practice register: reads the files shipped in `packages/agents/data/register`.
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { RegisterPracticeRow } from "./population-register.js";
import { provideRegister, type RegisterData } from "./register-source.js";

const dataDir = new URL("../data/register/", import.meta.url);

function readRegister(): RegisterData {
  const text = gunzipSync(readFileSync(new URL("practice-payments-2014-2022.csv.gz", dataDir))).toString("utf8");
  const lines = text.trim().split("\n");
  const head = lines[0]!.split(",");
  const col = (name: string): number => head.indexOf(name);
  const c = { year: col("year"), code: col("practice_code"), icb: col("icb_code"), sub: col("sub_icb_or_ccg_code"), contract: col("contract_type"), reg: col("registered_patients"), w: col("weighted_patients"), gs: col("global_sum"), mpig: col("mpig"), pms: col("pms_balance"), qof: col("qof"), prem: col("premises"), total: col("total_payments") };
  const byYear = new Map<number, RegisterPracticeRow[]>();
  for (let k = 1; k < lines.length; k++) {
    const f = lines[k]!.split(",");
    const year = Number(f[c.year]!.slice(0, 4));
    const num = (i: number): number => (f[i] === "" || f[i] === undefined ? 0 : Number(f[i]));
    const contract = f[c.contract] === "GMS" || f[c.contract] === "PMS" ? (f[c.contract] as "GMS" | "PMS") : "APMS";
    const row: RegisterPracticeRow = { code: f[c.code]!, icbCode: f[c.icb]!, subIcbCode: f[c.sub]!, contract, registered: num(c.reg), weighted: num(c.w), globalSum: num(c.gs), mpig: num(c.mpig), pmsBalance: num(c.pms), qof: num(c.qof), premises: num(c.prem), total: num(c.total) };
    let list = byYear.get(year);
    if (list === undefined) byYear.set(year, (list = []));
    list.push(row);
  }
  const icbText = readFileSync(new URL("icbs.csv", dataDir), "utf8").trim().split("\n").slice(1);
  const icbCodes = icbText.map((l) => l.split(",")[0]!).sort();
  return { icbCodes, rowsOf: (year) => byYear.get(year) ?? [] };
}

provideRegister(readRegister);
