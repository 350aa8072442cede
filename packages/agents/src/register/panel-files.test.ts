import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { ICB_PANEL_COLUMNS, ICB_PANEL_FORMAT, writeIcbPanel } from "@ringfence/agents";
import type { PanelComparison, PanelRow } from "@ringfence/agents";

const root = mkdtempSync(join(tmpdir(), "ringfence-icb-panel-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rows: PanelRow[] = [
  { icbCode: "QE1", year: 2018, measure: "practices", observed: 200, modelMedian: 201.5, modelP05: 190, modelP95: 210.25, covered: true, split: "fit" },
  { icbCode: "QE1", year: 2019, measure: "payments_per_patient_total", observed: 0.1 + 0.2, modelMedian: 1, modelP05: 0.5, modelP95: 0.7, covered: false, split: "reserved" },
  { icbCode: "QE1", year: 2025, measure: "gp_fte", observed: null, modelMedian: 12.5, modelP05: 10, modelP95: 15, covered: null, split: null },
  { icbCode: "QHM", year: 2014, measure: "payments_per_patient_pcn", observed: null, modelMedian: null, modelP05: null, modelP95: null, covered: null, split: null },
];
const check: PanelComparison = { access: "all", runs: 7, icbCodes: ["QE1", "QHM"], allIcbs: false, years: [2014, 2018, 2019, 2025], rows, measures: [] };

describe("writeIcbPanel", () => {
  it("writes icb-panel.csv with the issue's columns, years as 2019/20 and empty cells where nothing is known", async () => {
    const dir = join(root, "csv");
    const files = await writeIcbPanel(dir, check, { parquet: false });
    expect(files).toEqual({ csv: join(dir, "icb-panel.csv"), rows: 4 });
    expect(existsSync(join(dir, "icb-panel.parquet"))).toBe(false);
    const text = readFileSync(files.csv!, "utf8");
    expect(text.split("\n")[0]).toBe("icb_code,year,measure,observed,model_median,model_p05,model_p95,covered,split");
    const back = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(back).toEqual([
      { icb_code: "QE1", year: "2018/19", measure: "practices", observed: "200", model_median: "201.5", model_p05: "190", model_p95: "210.25", covered: "true", split: "fit" },
      { icb_code: "QE1", year: "2019/20", measure: "payments_per_patient_total", observed: "0.30000000000000004", model_median: "1", model_p05: "0.5", model_p95: "0.7", covered: "false", split: "reserved" },
      { icb_code: "QE1", year: "2025/26", measure: "gp_fte", observed: "", model_median: "12.5", model_p05: "10", model_p95: "15", covered: "", split: "" },
      { icb_code: "QHM", year: "2014/15", measure: "payments_per_patient_pcn", observed: "", model_median: "", model_p05: "", model_p95: "", covered: "", split: "" },
    ]);
    expect(Number(back[1]!.observed)).toBe(0.1 + 0.2); // numbers read back to the same double
  });

  it("writes icb-panel.parquet with typed columns, nulls and its metadata, and leaves no temporary file", async () => {
    const dir = join(root, "both");
    const files = await writeIcbPanel(dir, check);
    expect(readdirSync(dir).sort()).toEqual(["icb-panel.csv", "icb-panel.parquet"]);
    const bytes = readFileSync(files.parquet!);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const back = await parquetReadObjects({ file: buffer });
    expect(Object.keys(back[0]!)).toEqual([...ICB_PANEL_COLUMNS]);
    expect(back[0]).toEqual({ icb_code: "QE1", year: "2018/19", measure: "practices", observed: 200, model_median: 201.5, model_p05: 190, model_p95: 210.25, covered: true, split: "fit" });
    expect(back[2]).toMatchObject({ observed: null, covered: null, split: null, model_median: 12.5 });
    expect(back[3]).toMatchObject({ model_median: null, model_p05: null, model_p95: null });
    const meta = Object.fromEntries((parquetMetadata(buffer).key_value_metadata ?? []).map((kv) => [kv.key, kv.value]));
    expect(meta).toMatchObject({ "ringfence.format": ICB_PANEL_FORMAT, "ringfence.runs": "7", "ringfence.access": "all", "ringfence.fitThrough": "2018/19" });
  });
});
