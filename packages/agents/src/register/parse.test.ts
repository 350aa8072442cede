import { ConfigError } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { icbNameKey, mapIcbNames, parseIcbsCsv, parsePaymentsCsv, parseWorkforceCsv, PAYMENTS_COLUMNS } from "@ringfence/agents";
import { ICBS_TEXT, paymentsLine, paymentsText, TWO_ICBS, workforceText } from "../test/register-fixtures.js";

const any = { expectedRows: null } as const;

/** The ConfigError a function throws (fails the test if it throws anything else or nothing). */
function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError, but nothing was thrown");
}

describe("parseIcbsCsv", () => {
  it("reads the ICBs, their short names and optional fields", () => {
    const icbs = parseIcbsCsv(ICBS_TEXT, any);
    expect(icbs.map((i) => i.code)).toEqual(["QHM", "QE1"]);
    expect(icbs[0]!.shortName).toBe("North East and North Cumbria");
    expect(icbs[1]!.successorFrom2026).toBe("Lancashire (E540000xx)");
    expect(icbs[0]!.successorFrom2026).toBeNull();
  });

  it("refuses a wrong region by line, column and value", () => {
    const e = configError(() => parseIcbsCsv(ICBS_TEXT.replace("North West", "Northwest"), any));
    expect(e.issues[0]!.message).toMatch(/^icbs\.csv, line 3, column nhs_region: expected one of East of England, .*got "Northwest"$/);
  });

  it("counts a line break inside a quoted field, and blank lines, when naming a line", () => {
    const text = ICBS_TEXT.replace('"Lancashire (E540000xx)"', '"Lancashire\r\n(E540000xx)"').replace("\r\nQE1", "\r\n\r\nQE1").replace("North West", "Northwest");
    const e = configError(() => parseIcbsCsv(text, any));
    expect(e.issues.map((i) => i.path)).toEqual(["line 4, column nhs_region"]);
    expect(parseIcbsCsv(text.replace("Northwest", "North West"), any)[1]!.successorFrom2026).toBe("Lancashire\r\n(E540000xx)");
  });

  it("refuses the same ICB twice", () => {
    const e = configError(() => parseIcbsCsv(ICBS_TEXT.replace("QE1,", "QHM,"), any));
    expect(e.issues[0]!.message).toContain("line 3, column icb_ods_code: expected each ICB once (also on line 2)");
  });
});

describe("mapIcbNames", () => {
  it("matches names however they are capitalised or prefixed", () => {
    expect(icbNameKey("Cornwall and The Isles Of Scilly")).toBe(icbNameKey("NHS Cornwall and the Isles of Scilly Integrated Care Board"));
    const codes = mapIcbNames(["north east and north cumbria", "NHS Lancashire & South Cumbria Integrated Care Board"], TWO_ICBS);
    expect([...codes.values()]).toEqual(["QHM", "QE1"]);
  });

  it("refuses a name of no ICB, suggesting the nearest", () => {
    const sites = new Map([["North East and North Cumbra", { file: "wf.csv", line: 7 }]]);
    const e = configError(() => mapIcbNames(["North East and North Cumbra"], TWO_ICBS, sites));
    expect(e.issues[0]!.message).toBe(
      'wf.csv, line 7, column icb_name: expected the name of one of the 2 ICBs of icbs.csv (did you mean "North East and North Cumbria"?), got "North East and North Cumbra"',
    );
  });
});

describe("parsePaymentsCsv", () => {
  it("converts a row: pence, dates, codes and the published spellings of unknowns", () => {
    const text = paymentsText([
      {},
      { practice_code: "A81002", contract_type: "Unknown", dispensing: "UNKNOWN", rurality: "MISSING", pcn_code: "Unknown or no PCN", close_date: "30/11/2018", year: "2019/20", pcn_lines: "12.5" },
    ]);
    const [a, b] = parsePaymentsCsv(text, TWO_ICBS, any);
    expect(a).toMatchObject({ year: 2014, practiceCode: "A81001", contractType: "GMS", dispensing: false, rurality: null, openDate: "1974-04-01", closeDate: null, pcnCode: null });
    expect(a!.pence).toEqual({ globalSum: 30000012, mpig: 100000, pmsBalance: 0, qof: 5000000, premises: 2000000, seniority: 300000, pcnLines: null, covidLines: null, total: 40000000, deductions: -4000000 });
    expect(a!.weightedPatients).toBe(4100.5);
    expect(b).toMatchObject({ year: 2019, contractType: "unknown", dispensing: null, rurality: null, pcnCode: null, closeDate: "2018-11-30" });
    expect(b!.pence.pcnLines).toBe(1250);
  });

  it("refuses a bad value naming the file, line, column, value and what was expected", () => {
    const text = paymentsText([{}, { practice_code: "A81002", qof: "12,5" }, { practice_code: "A81003", registered_patients: "-3" }]);
    const e = configError(() => parsePaymentsCsv(text, TWO_ICBS, any));
    expect(e.message.split("\n")[0]).toBe("invalid data file practice-payments-2014-2022.csv.gz:");
    expect(e.issues.map((i) => i.message)).toEqual([
      'practice-payments-2014-2022.csv.gz, line 3, column qof: expected an amount in pounds with at most two decimals, got "12,5"',
      'practice-payments-2014-2022.csv.gz, line 4, column registered_patients: expected a number of at least 0, got "-3"',
    ]);
  });

  it("refuses impossible dates and years whose halves disagree", () => {
    const e = configError(() => parsePaymentsCsv(paymentsText([{ close_date: "31/02/2019" }, { practice_code: "A81002", year: "2019/21" }]), TWO_ICBS, any));
    expect(e.issues.map((i) => i.path)).toEqual(["line 2, column close_date", "line 3, column year"]);
    expect(e.issues[0]!.expected).toBe("expected a real date dd/mm/yyyy");
  });

  it("refuses a missing, an unknown or a reordered column on the header line", () => {
    const missing = paymentsText([{}]).replace(",qof,", ",");
    expect(configError(() => parsePaymentsCsv(missing, TWO_ICBS, any)).issues[0]!.message).toBe(
      'practice-payments-2014-2022.csv.gz, line 1: expected the column "qof", which is missing',
    );
    const renamed = paymentsText([{}]).replace(",qof,", ",qof_total,");
    expect(configError(() => parsePaymentsCsv(renamed, TWO_ICBS, any)).issues.map((i) => i.message)).toEqual([
      'practice-payments-2014-2022.csv.gz, line 1: expected the column "qof", which is missing',
      `practice-payments-2014-2022.csv.gz, line 1: expected only the columns ${PAYMENTS_COLUMNS.join(", ")}, got "qof_total"`,
    ]);
    const swapped = paymentsText([{}]).replace("global_sum,mpig", "mpig,global_sum");
    expect(configError(() => parsePaymentsCsv(swapped, TWO_ICBS, any)).issues[0]!.path).toBe("line 1");
  });

  it("refuses a truncated last row by its line", () => {
    const text = paymentsText([{}, { practice_code: "A81002" }]);
    const cut = text.slice(0, text.length - 40);
    const e = configError(() => parsePaymentsCsv(cut, TWO_ICBS, any));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.message).toMatch(/^practice-payments-2014-2022\.csv\.gz, line 3: expected 23 fields \(a complete row\), found \d+$/);
  });

  it("refuses a file with fewer rows than expected, an unknown ICB and a practice twice in a year", () => {
    expect(configError(() => parsePaymentsCsv(paymentsText([{}]), TWO_ICBS, { expectedRows: 2 })).issues[0]!.message).toBe(
      "practice-payments-2014-2022.csv.gz: expected 2 data rows (a complete file), found 1",
    );
    expect(configError(() => parsePaymentsCsv(paymentsText([{ icb_code: "QZZ" }]), TWO_ICBS, any)).issues[0]!.message).toBe(
      'practice-payments-2014-2022.csv.gz, line 2, column icb_code: expected the code of one of the 2 ICBs of icbs.csv, got "QZZ"',
    );
    expect(configError(() => parsePaymentsCsv(paymentsText([{}, {}]), TWO_ICBS, any)).issues[0]!.message).toBe(
      'practice-payments-2014-2022.csv.gz, line 3, column practice_code: expected one row per practice per year (2014/15 already has it on line 2), got "A81001"',
    );
  });

  it("lists at most twenty problems, then how many more", () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ practice_code: `A8${String(1000 + i)}`, qof: "x" }));
    const e = configError(() => parsePaymentsCsv(paymentsText(rows), TWO_ICBS, any));
    expect(e.issues).toHaveLength(21);
    expect(e.issues.at(-1)!.message).toBe("practice-payments-2014-2022.csv.gz: and 5 more problems");
  });

  it("reads quoted fields and names the line of a broken quote", () => {
    const quoted = paymentsText([{ rurality: "Urban" }]).replace(",Urban,", ',"Urban",');
    expect(parsePaymentsCsv(quoted, TWO_ICBS, any)[0]!.rurality).toBe("urban");
    const broken = `${PAYMENTS_COLUMNS.join(",")}\n${paymentsLine()}\n${paymentsLine({ practice_code: "A81002" }).replace(",GMS,", ',"GMS,')}\n`;
    const e = configError(() => parsePaymentsCsv(broken, TWO_ICBS, any));
    expect(e.issues[0]!.message).toBe("practice-payments-2014-2022.csv.gz, line 3: expected well-formed CSV (Quoted field unterminated)");
  });
});

describe("parseWorkforceCsv", () => {
  it("maps ICB names to codes and reads NA as missing", () => {
    const rows = parseWorkforceCsv(workforceText([{}, { practice_code: "A81002", icb_name: "Lancashire and South Cumbria", gp_fte_excl_locums_trainees: "NA", year_ending_march: "2024" }]), TWO_ICBS, any);
    expect(rows.map((r) => [r.icbCode, r.year, r.gpFte])).toEqual([
      ["QHM", 2022, 2],
      ["QE1", 2023, null],
    ]);
  });

  it("refuses an ICB name of no ICB by its line, and a negative FTE", () => {
    const e = configError(() => parseWorkforceCsv(workforceText([{}, { practice_code: "A81002", icb_name: "Lancashire" }]), TWO_ICBS, any));
    expect(e.issues[0]!.message).toMatch(/^practice-workforce-2023-2024\.csv\.gz, line 3, column icb_name: expected the name of one of the 2 ICBs of icbs\.csv.*got "Lancashire"$/);
    const neg = configError(() => parseWorkforceCsv(workforceText([{ nurse_fte: "-1" }]), TWO_ICBS, any));
    expect(neg.issues[0]!.message).toBe('practice-workforce-2023-2024.csv.gz, line 2, column nurse_fte: expected an FTE (a number of at least 0) or NA, got "-1"');
  });
});
