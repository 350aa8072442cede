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
import type { BatchManifest, FlowRecord, RunRecord } from "../batch/types.js";
import {
  FLOW_TABLE_COLUMNS,
  FLOW_TABLE_CSV,
  FLOW_TABLE_META,
  FLOW_TABLE_PARQUET,
  RUN_TABLE_META,
  TABLE_FORMAT,
  type TableSidecar,
} from "./run-table.js";
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
function expectedRows(runs: number): { scenario: string; run: number; seed: string; year: string; indicator: string; value: number }[] {
  const rows = [];
  for (const scenario of ["base", "alt"]) {
    for (let run = 0; run < runs; run++) {
      for (let y = 0; y < YEARS.length; y++) {
        const year = YEARS[y] ?? "";
        rows.push({ scenario, run, seed: `seed-${run}`, year, indicator: "cost", value: (scenario === "base" ? -1 : 1) * (run / 3 + y) });
        rows.push({ scenario, run, seed: `seed-${run}`, year, indicator: "spend", value: 1000 * run + y + 0.1 });
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
    expect(files).toEqual({ csv: join(dir, RUN_TABLE_CSV), meta: join(dir, RUN_TABLE_META), rows: 3, paths: [join(dir, RUN_TABLE_CSV), join(dir, RUN_TABLE_META)] });
    expect(readFileSync(join(dir, RUN_TABLE_CSV), "utf8")).toBe(
      [
        "scenario,run,seed,year,indicator,value",
        '"a, ""quoted""\nname",7,seed-7,2025/26,x,1.5',
        '"a, ""quoted""\nname",7,seed-7,2025/26,"y,z",-0.25',
        "plain,0,seed-0,2025/26,x,0.30000000000000004",
        "",
      ].join("\n"),
    );
    expect(readdirSync(dir).sort()).toEqual([RUN_TABLE_CSV, RUN_TABLE_META]);
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
    expect(lines[lines.length - 1]).toBe(`alt,599,seed-599,2027/28,spend,${1000 * 599 + 2 + 0.1}`);
  });
});

describe("createRunTableWriter: Parquet", () => {
  it("round-trips through an independent reader (hyparquet) with the same rows and column types", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: false, parquet: true, rowGroupSize: 25 });
    for (const r of records(9)) table.add(r);
    const files = await table.close();
    const path = join(dir, RUN_TABLE_PARQUET);
    expect(files).toEqual({ parquet: path, rows: 108, paths: [path] });
    const file = await asyncBufferFromFile(path);
    const rows = await parquetReadObjects({ file });
    expect(rows).toEqual(expectedRows(9));
    const meta = await parquetMetadataAsync(file);
    expect(meta.schema.slice(1).map((s) => [s.name, s.type, s.repetition_type])).toEqual([
      ["scenario", "BYTE_ARRAY", "REQUIRED"],
      ["run", "INT32", "REQUIRED"],
      ["seed", "BYTE_ARRAY", "REQUIRED"],
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
    expect(csv).toEqual(parquet.map((r) => [r["scenario"], r["run"], r["seed"], r["year"], r["indicator"], r["value"]].join(",")));
    expect(readdirSync(dir).sort()).toEqual([RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET]);
  });

  it("writes a readable empty table when no run was added", async () => {
    const dir = fresh();
    await createRunTableWriter(dir, { csv: true, parquet: true }).close();
    expect(readFileSync(join(dir, RUN_TABLE_CSV), "utf8")).toBe("scenario,run,seed,year,indicator,value\n");
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
    const metaBefore = readFileSync(join(dir, RUN_TABLE_META));
    const parquetBefore = readFileSync(join(dir, RUN_TABLE_PARQUET));

    const failing = createRunTableWriter(dir, { csv: true, parquet: true });
    failing.add(records(1)[0] ?? makeRunRecord("x", 0, [], {}));
    expect(() => failing.add(makeRunRecord("base", 1, YEARS, { cost: [1] }))).toThrow(/indicators\.cost/);
    const aborted = createRunTableWriter(dir, { csv: true, parquet: true });
    for (const r of records(5)) aborted.add(r);
    aborted.abort();
    aborted.abort();

    expect(readFileSync(join(dir, RUN_TABLE_CSV))).toEqual(csvBefore);
    expect(readFileSync(join(dir, RUN_TABLE_META))).toEqual(metaBefore);
    expect(readFileSync(join(dir, RUN_TABLE_PARQUET))).toEqual(parquetBefore);
    expect(readdirSync(dir).sort()).toEqual([RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET]);
  });

  it("refuses options that write nothing", () => {
    expect(() => createRunTableWriter(fresh(), { csv: false, parquet: false })).toThrow(/at least one/);
  });
});

const MANIFEST: BatchManifest = {
  producer: "@ringfence/test@9.9.9",
  masterSeed: "master-42",
  scenarioHashes: { base: "a".repeat(64), alt: "b".repeat(64) },
  quantileMethod: "exact, from every run",
};

const UNITS = { spend: { unit: "£, cash", label: "Spend", description: "ignored by the writer" }, cost: { unit: "share" } };

/** Flows of one run: two per year, pence depending on scenario, run and year (some beyond 2^31). */
function flowsOf(scenario: string, run: number): FlowRecord[] {
  return YEARS.flatMap((year, y) => [
    { year, from: "icb", to: "practice", fund: "gp", pence: (scenario === "base" ? 3_000_000_000 : 5) + 1000 * run + y },
    { year, from: "icb", to: "acute, \"hospital\"", fund: "gp", pence: -(run + y) },
  ]);
}

function recordsWithFlows(runs: number): RunRecord[] {
  return records(runs).map((r) => ({ ...r, flows: flowsOf(r.scenario, r.run) }));
}

function readJson(path: string): TableSidecar {
  return JSON.parse(readFileSync(path, "utf8")) as TableSidecar;
}

async function kvMetadata(path: string): Promise<Record<string, string>> {
  const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
  return Object.fromEntries((meta.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? ""]));
}

describe("createRunTableWriter: metadata", () => {
  it("writes a sidecar beside the CSV with columns, rows, manifest and indicator units (options merged with close)", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: false, metadata: { indicators: UNITS } });
    for (const r of records(2)) table.add(r);
    const files = await table.close({ manifest: MANIFEST });
    expect(files.meta).toBe(join(dir, RUN_TABLE_META));
    const sidecar = readJson(join(dir, RUN_TABLE_META));
    expect(sidecar).toEqual({
      format: TABLE_FORMAT,
      table: "runs",
      columns: RUN_TABLE_COLUMNS.map((name) => expect.objectContaining({ name })),
      rows: 2 * 2 * 3 * 2,
      producer: "@ringfence/test@9.9.9",
      masterSeed: "master-42",
      scenarioHashes: { alt: "b".repeat(64), base: "a".repeat(64) },
      quantileMethod: "exact, from every run",
      indicators: { cost: { unit: "share" }, spend: { unit: "£, cash", label: "Spend" } },
    });
    expect(sidecar.columns.map((c) => c.type)).toEqual(["BYTE_ARRAY (UTF8)", "INT32", "BYTE_ARRAY (UTF8)", "BYTE_ARRAY (UTF8)", "BYTE_ARRAY (UTF8)", "DOUBLE"]);
    // The CSV itself stays plain: a header and data rows, no comment lines.
    const csv = readFileSync(join(dir, RUN_TABLE_CSV), "utf8").split("\n");
    expect(csv[0]).toBe(RUN_TABLE_COLUMNS.join(","));
    expect(csv.length).toBe(1 + sidecar.rows + 1);
  });

  it("stores the same fields as Parquet key-value metadata, objects as JSON text", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: false, parquet: true, metadata: { indicators: UNITS } });
    for (const r of records(1)) table.add(r);
    await table.close({ manifest: MANIFEST });
    const kv = await kvMetadata(join(dir, RUN_TABLE_PARQUET));
    expect(Object.keys(kv).sort()).toEqual(
      ["format", "indicators", "masterSeed", "producer", "quantileMethod", "scenarioHashes", "table"].map((k) => `ringfence.${k}`),
    );
    expect(kv["ringfence.format"]).toBe(TABLE_FORMAT);
    expect(kv["ringfence.table"]).toBe("runs");
    expect(kv["ringfence.masterSeed"]).toBe("master-42");
    expect(kv["ringfence.producer"]).toBe("@ringfence/test@9.9.9");
    expect(kv["ringfence.quantileMethod"]).toBe("exact, from every run");
    expect(JSON.parse(kv["ringfence.scenarioHashes"] ?? "null")).toEqual(MANIFEST.scenarioHashes);
    expect(JSON.parse(kv["ringfence.indicators"] ?? "null")).toEqual({ cost: { unit: "share" }, spend: { unit: "£, cash", label: "Spend" } });
    // The rows are unchanged by the metadata.
    expect(await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, RUN_TABLE_PARQUET)) })).toEqual(expectedRows(1));
  });

  it("metadata given to close replaces the options' field by field; without any, only the layout is recorded", async () => {
    const dir = fresh();
    const other = { ...MANIFEST, masterSeed: "from-options" };
    const table = createRunTableWriter(dir, { csv: true, parquet: true, metadata: { manifest: other, indicators: UNITS } });
    await table.close({ manifest: MANIFEST });
    expect(readJson(join(dir, RUN_TABLE_META)).masterSeed).toBe("master-42");
    expect(readJson(join(dir, RUN_TABLE_META)).indicators).toEqual({ cost: { unit: "share" }, spend: { unit: "£, cash", label: "Spend" } });

    const bare = fresh();
    await createRunTableWriter(bare, { csv: true, parquet: true }).close();
    expect(Object.keys(readJson(join(bare, RUN_TABLE_META))).sort()).toEqual(["columns", "format", "rows", "table"]);
    expect(Object.keys(await kvMetadata(join(bare, RUN_TABLE_PARQUET))).sort()).toEqual(["ringfence.format", "ringfence.table"]);
  });

  it("gives byte-identical files for the same records and metadata (nothing from the clock)", async () => {
    const write = async (): Promise<string> => {
      const dir = fresh();
      const table = createRunTableWriter(dir, { csv: true, parquet: true, flows: true, metadata: { indicators: UNITS } });
      for (const r of recordsWithFlows(3)) table.add(r);
      await table.close({ manifest: MANIFEST });
      return dir;
    };
    const a = await write();
    const b = await write();
    const names = [RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET, FLOW_TABLE_CSV, FLOW_TABLE_META, FLOW_TABLE_PARQUET];
    expect(readdirSync(a).sort()).toEqual([...names].sort());
    for (const name of names) expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name)))).toBe(true);
  });

  it("refuses a manifest or an indicator unit of the wrong shape, naming the field", async () => {
    expect(() => createRunTableWriter(fresh(), { csv: true, parquet: false, metadata: { indicators: { x: JSON.parse('{"label":"no unit"}') as { unit: string } } } })).toThrow(
      /metadata: indicators\.x is .*expected \{ unit: string/,
    );
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: true });
    table.add(records(1)[0]!);
    const manifest = JSON.parse('{"producer":"p","masterSeed":7,"scenarioHashes":{},"quantileMethod":"q"}') as BatchManifest;
    await expect(table.close({ manifest })).rejects.toThrow(/close: metadata: manifest\.masterSeed is 7; expected a string/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("createRunTableWriter: flows table", () => {
  it("writes flows.csv, flows.meta.json and flows.parquet with one row per flow, pence as INT64", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: true, flows: true, rowGroupSize: 7, metadata: { indicators: UNITS } });
    const input = recordsWithFlows(3);
    for (const r of input) table.add(r);
    expect(table.flowRows).toBe(2 * 3 * 3 * 2);
    const files = await table.close({ manifest: MANIFEST });
    expect(files.flows).toEqual({ csv: join(dir, FLOW_TABLE_CSV), meta: join(dir, FLOW_TABLE_META), parquet: join(dir, FLOW_TABLE_PARQUET), rows: 36 });
    expect(files.paths).toEqual([RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET, FLOW_TABLE_CSV, FLOW_TABLE_META, FLOW_TABLE_PARQUET].map((f) => join(dir, f)));

    const expected = input.flatMap((r) => r.flows.map((f) => ({ scenario: r.scenario, run: r.run, seed: r.seed, year: f.year, from: f.from, to: f.to, fund: f.fund, pence: f.pence })));
    const parquet = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, FLOW_TABLE_PARQUET)) });
    expect(parquet).toEqual(expected.map((e) => ({ ...e, pence: BigInt(e.pence) })));
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(join(dir, FLOW_TABLE_PARQUET)));
    expect(meta.schema.slice(1).map((s) => [s.name, s.type])).toEqual([
      ["scenario", "BYTE_ARRAY"],
      ["run", "INT32"],
      ["seed", "BYTE_ARRAY"],
      ["year", "BYTE_ARRAY"],
      ["from", "BYTE_ARRAY"],
      ["to", "BYTE_ARRAY"],
      ["fund", "BYTE_ARRAY"],
      ["pence", "INT64"],
    ]);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([7, 7, 7, 7, 7, 1]);

    const csv = readFileSync(join(dir, FLOW_TABLE_CSV), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe(FLOW_TABLE_COLUMNS.join(","));
    expect(csv[1]).toBe("base,0,seed-0,2025/26,icb,practice,gp,3000000000");
    expect(csv[2]).toBe('base,0,seed-0,2025/26,icb,"acute, ""hospital""",gp,0');
    expect(csv.length).toBe(1 + 36);

    const sidecar = readJson(join(dir, FLOW_TABLE_META));
    expect(sidecar.table).toBe("flows");
    expect(sidecar.rows).toBe(36);
    expect(sidecar.masterSeed).toBe("master-42");
    expect(sidecar.scenarioHashes).toEqual(MANIFEST.scenarioHashes);
    expect(sidecar.indicators).toBeUndefined();
    expect(sidecar.columns.map((c) => `${c.name}:${c.type}`)).toContain("pence:INT64");
    const kv = await kvMetadata(join(dir, FLOW_TABLE_PARQUET));
    expect(kv["ringfence.table"]).toBe("flows");
    expect(kv["ringfence.masterSeed"]).toBe("master-42");
  });

  it("writes no flows files unless asked, even when records carry flows", async () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: true });
    for (const r of recordsWithFlows(2)) table.add(r);
    const files = await table.close();
    expect(files.flows).toBeUndefined();
    expect(table.flowRows).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET]);
  });

  it("refuses a flow whose pence is not a whole number, leaving no file", () => {
    const dir = fresh();
    const table = createRunTableWriter(dir, { csv: true, parquet: true, flows: true });
    table.add(recordsWithFlows(1)[0]!);
    const bad = { ...makeRunRecord("base", 1, YEARS, {}), flows: [{ year: "2025/26", from: "a", to: "b", fund: "gp", pence: 1.5 }] };
    expect(() => table.add(bad)).toThrow(/run 1\): flows\[0\]\.pence is 1\.5; expected a whole number of pence/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
