import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeWideTable, type WideColumn } from "@ringfence/core/results";
import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";

const root = mkdtempSync(join(tmpdir(), "ringfence-wide-table-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const COLUMNS: WideColumn[] = [
  { name: "point", type: "int32", values: [0, 0, 1] },
  { name: "scenario", type: "string", values: ["a", "b, with comma", "a"] },
  { name: "x.rate", type: "double", values: [0.1, 0.1, 1 / 3] },
  { name: "outcome", type: "double", values: [Number.NaN, -0.25, null] },
];

describe("writeWideTable", () => {
  it("writes the columns in order to CSV (missing values empty) and Parquet (nullable where missing)", async () => {
    const dir = join(root, "t1");
    const files = writeWideTable(dir, "runs", COLUMNS, { csv: true, parquet: true });
    expect(files.rows).toBe(3);
    expect(readFileSync(files.csv!, "utf8")).toBe(`point,scenario,x.rate,outcome\n0,a,0.1,\n0,"b, with comma",0.1,-0.25\n1,a,${String(1 / 3)},\n`);
    const bytes = readFileSync(files.parquet!);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    expect(rows).toEqual([
      { point: 0, scenario: "a", "x.rate": 0.1, outcome: null },
      { point: 0, scenario: "b, with comma", "x.rate": 0.1, outcome: -0.25 },
      { point: 1, scenario: "a", "x.rate": 1 / 3, outcome: null },
    ]);
    expect(readdirSync(dir).sort()).toEqual(["runs.csv", "runs.parquet"]);
  });

  it("gives byte-identical files for the same columns", () => {
    const a = writeWideTable(join(root, "a"), "runs", COLUMNS, { csv: true, parquet: true });
    const b = writeWideTable(join(root, "b"), "runs", COLUMNS, { csv: true, parquet: true });
    expect(readFileSync(b.parquet!).equals(readFileSync(a.parquet!))).toBe(true);
    expect(readFileSync(b.csv!, "utf8")).toBe(readFileSync(a.csv!, "utf8"));
  });

  it("rejects ragged columns, duplicate names and bad values before writing anything", () => {
    const dir = join(root, "bad");
    expect(() => writeWideTable(dir, "runs", [COLUMNS[0]!, { name: "y", type: "double", values: [1] }], { csv: true, parquet: true })).toThrow(/column "y" has 1 values; expected 3/);
    expect(() => writeWideTable(dir, "runs", [COLUMNS[0]!, COLUMNS[0]!], { csv: true, parquet: false })).toThrow(/appears twice/);
    expect(() => writeWideTable(dir, "runs", [{ name: "n", type: "int32", values: [1.5] }], { csv: true, parquet: false })).toThrow(/row 0 is 1.5; expected an integer/);
    expect(() => readdirSync(dir)).toThrow();
  });
});
