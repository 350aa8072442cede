import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createRunTableWriter,
  RUN_TABLE_COLUMNS,
  RUN_TABLE_CSV,
  RUN_TABLE_PARQUET,
} from "@ringfence/core/results";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../batch/types.js";
import { makeRunRecord } from "./test-fixture.js";

const fresh = (): string => mkdtempSync(join(tmpdir(), "rf-table-"));
const YEARS = ["2025/26", "2026/27", "2027/28"] as const;

/** Records of `runs` runs of two scenarios, two indicators; values chosen to need full double precision. */
function records(runs: number): RunRecord[] {
  const out: RunRecord[] = [];
  for (const scenario of ["base", "alt"]) {
    for (let run = 0; run < runs; run++) {
      out.push(
        makeRunRecord(scenario, run, YEARS, {
          // Keys deliberately out of order: rows list indicators sorted.
          spend: YEARS.map((_, y) => 1000 * run + y + 0.1),
          cost: YEARS.map((_, y) => (scenario === "base" ? -1 : 1) * (run / 3 + y)),
        }),
      );
    }
  }
  return out;
}

/** The rows the table should hold, listed by hand-written loops (year, then indicator in a-z order). */
function expectedRows(runs: number): { scenario: string; run: number; year: string; indicator: string; value: number }[] {
  const rows = [];
  for (const scenario of ["base", "alt"]) {
    for (let run = 0; run < runs; run++) {
      for (let y = 0; y < YEARS.length; y++) {
        const year = YEARS[y] ?? "";
        rows.push({ scenario, run, year, indicator: "cost", value: (scenario === "base" ? -1 : 1) * (run / 3 + y) });
        rows.push({ scenario, run, year, indicator: "spend", value: 1000 * run + y + 0.1 });
      }
    }
  }
  return rows;
}

describe("createRunTableWriter: CSV", () => {
  it("writes a header and one row per (run, year, indicator) that applies, quoting per RFC 4180", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: false });
    table.add(makeRunRecord('a, "quoted"\nname', 7, ["2025/26"], { x: [1.5], "y,z": [-0.25] }));
    // NaN (null after the JSON round trip) marks a year where an indicator does not apply: no row.
    table.add(makeRunRecord("plain", 0, ["2025/26", "2026/27"], { x: [0.1 + 0.2, Number.NaN] }));
    const files = await table.close();
    expect(files).toEqual({ csv: join(dir, RUN_TABLE_CSV), rows: 3 });
    expect(readFileSync(join(dir, RUN_TABLE_CSV), "utf8")).toBe(
      [
        "scenario,run,year,indicator,value",
        '"a, ""quoted""\nname",7,2025/26,x,1.5',
        '"a, ""quoted""\nname",7,2025/26,"y,z",-0.25',
        "plain,0,2025/26,x,0.30000000000000004",
        "",
      ].join("\n"),
    );
    expect(readdirSync(dir)).toEqual([RUN_TABLE_CSV]);
  });

  it("has 1 + runs × years × indicators lines for many runs (flushed in chunks)", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: false });
    for (const r of records(600)) table.add(r);
    expect(table.rows).toBe(2 * 600 * 3 * 2);
    await table.close();
    const lines = readFileSync(join(dir, RUN_TABLE_CSV), "utf8").trimEnd().split("\n");
    expect(lines.length).toBe(1 + 2 * 600 * 3 * 2);
    expect(lines[0]).toBe(RUN_TABLE_COLUMNS.join(","));
    expect(lines[lines.length - 1]).toBe(`alt,599,2027/28,spend,${1000 * 599 + 2 + 0.1}`);
  });
});

describe("createRunTableWriter: Parquet", () => {
  it("round-trips through an independent reader (hyparquet) with the same rows and column types", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: false, parquet: true, rowGroupSize: 25 });
    for (const r of records(9)) table.add(r);
    const files = await table.close();
    const path = join(dir, RUN_TABLE_PARQUET);
    expect(files).toEqual({ parquet: path, rows: 108 });
    const file = await asyncBufferFromFile(path);
    const rows = await parquetReadObjects({ file });
    expect(rows).toEqual(expectedRows(9));
    const meta = await parquetMetadataAsync(file);
    expect(meta.schema.slice(1).map((s) => [s.name, s.type, s.repetition_type])).toEqual([
      ["scenario", "BYTE_ARRAY", "REQUIRED"],
      ["run", "INT32", "REQUIRED"],
      ["year", "BYTE_ARRAY", "REQUIRED"],
      ["indicator", "BYTE_ARRAY", "REQUIRED"],
      ["value", "DOUBLE", "REQUIRED"],
    ]);
    // 108 rows in groups of at most 25: 25, 25, 25, 25, 8.
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([25, 25, 25, 25, 8]);
    expect(readdirSync(dir)).toEqual([RUN_TABLE_PARQUET]);
  });

  it("writes both files with the same rows", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: true });
    for (const r of records(4)) table.add(r);
    await table.close();
    const csv = readFileSync(join(dir, RUN_TABLE_CSV), "utf8").trimEnd().split("\n").slice(1);
    const parquet = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, RUN_TABLE_PARQUET)) });
    expect(csv).toEqual(parquet.map((r) => [r["scenario"], r["run"], r["year"], r["indicator"], r["value"]].join(",")));
    expect(readdirSync(dir).sort()).toEqual([RUN_TABLE_CSV, RUN_TABLE_PARQUET]);
  });

  it("writes a readable empty table when no run was added", async () => {
    const dir = fresh();
    await createRunTableWriter(dir, { csv: true, parquet: true }).close();
    expect(readFileSync(join(dir, RUN_TABLE_CSV), "utf8")).toBe("scenario,run,year,indicator,value\n");
    expect(await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, RUN_TABLE_PARQUET)) })).toEqual([]);
  });
});

describe("createRunTableWriter: atomicity and errors", () => {
  it("a writer that fails midway leaves no file and no temporary file", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: true, rowGroupSize: 10 });
    for (const r of records(300)) table.add(r); // enough to flush CSV text and Parquet row groups to disk
    const temps = readdirSync(dir);
    expect(temps.length).toBe(2);
    expect(temps.every((name) => name.startsWith(".") && name.endsWith(".tmp"))).toBe(true);
    const failing = makeRunRecord("base", 300, YEARS, {});
    Object.defineProperty(failing, "indicators", {
      get() {
        throw new Error("serialisation failed");
      },
    });
    expect(() => table.add(failing)).toThrow("serialisation failed");
    expect(readdirSync(dir)).toEqual([]);
    await expect(table.close()).rejects.toThrow(/after the writer was aborted/);
  });

  it("rejects a record whose series does not match its years, naming the field", () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: false });
    expect(() => table.add(makeRunRecord("base", 1, YEARS, { cost: [1, 2] }))).toThrow(
      /indicators\.cost is an array of length 2; expected an array of 3 numbers/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("rejects a negative run index", () => {
    const table = createRunTableWriter(fresh(), { csv: true, parquet: false });
    expect(() => table.add(makeRunRecord("base", -1, YEARS, {}))).toThrow(/run is -1; expected an integer from 0/);
  });

  it("does not clobber existing good files when a later writer fails or is aborted", async () => {
    const dir = fresh();
    const good = createRunTableWriter(dir, { csv: true, parquet: true });
    for (const r of records(2)) good.add(r);
    await good.close();
    const csvBefore = readFileSync(join(dir, RUN_TABLE_CSV));
    const parquetBefore = readFileSync(join(dir, RUN_TABLE_PARQUET));

    const failing = createRunTableWriter(dir, { csv: true, parquet: true });
    failing.add(records(1)[0] ?? makeRunRecord("x", 0, [], {}));
    expect(() => failing.add(makeRunRecord("base", 1, YEARS, { cost: [1] }))).toThrow(/indicators\.cost/);
    const aborted = createRunTableWriter(dir, { csv: true, parquet: true });
    for (const r of records(5)) aborted.add(r);
    aborted.abort();
    aborted.abort();

    expect(readFileSync(join(dir, RUN_TABLE_CSV))).toEqual(csvBefore);
    expect(readFileSync(join(dir, RUN_TABLE_PARQUET))).toEqual(parquetBefore);
    expect(readdirSync(dir).sort()).toEqual([RUN_TABLE_CSV, RUN_TABLE_PARQUET]);
  });

  it("refuses options that write nothing", () => {
    expect(() => createRunTableWriter(fresh(), { csv: false, parquet: false })).toThrow(/at least one/);
  });
});
