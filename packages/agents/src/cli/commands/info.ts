/**
 * The commands that run nothing: `list` (presets and their claims), `params` (every numeric parameter),
 * `schema` (the JSON Schema of scenario files) and `validate` (the one validator, on files or presets).
 * @packageDocumentation
 */
import { ConfigError } from "@ringfence/core";
import { z } from "zod";
import { listParams } from "../../params.js";
import { PRESET_IDS, PRESETS } from "../../presets.js";
import { loadScenario } from "../../scenario-files/load.js";
import { scenarioFields, scenarioSchema, START_ONLY_PARAMS } from "../../scenario.js";
import { scenarioNotes } from "../../scenario-notes.js";
import { EXIT, type ExitCode, type Io } from "../io.js";
import { formatTable } from "../summary-table.js";

/** `ringfence list`: the presets, their titles, descriptions and the source claims they encode. */
export function listPresets(json: boolean, io: Io): ExitCode {
  const rows = PRESET_IDS.map((id) => {
    const p = PRESETS[id];
    return { id, title: p.title ?? id, description: p.description ?? "", claims: p.claims ?? [], assumptions: p.assumptions ?? [] };
  });
  if (json) io.out(JSON.stringify(rows, null, 2));
  else {
    for (const r of rows) {
      io.out(`${r.id}\n  ${r.title}\n  ${r.description}`);
      for (const c of r.claims) io.out(`  claim (${c.seed}): "${c.quote}"`);
      io.out("");
    }
  }
  return EXIT.ok;
}

/** `ringfence params`: every numeric scenario parameter by path, with unit, range, default, source and prior. */
export function listParameters(json: boolean, io: Io): ExitCode {
  const params = listParams(scenarioFields).map((p) => ({ ...p, timeVarying: !START_ONLY_PARAMS.includes(p.path) }));
  if (json) {
    io.out(JSON.stringify(params, null, 2));
    return EXIT.ok;
  }
  const prior = (p: (typeof params)[number]) => (p.prior === undefined ? "" : JSON.stringify(p.prior).replace(/"/g, ""));
  // The source, last and left-aligned after the aligned columns (a source can be a few hundred characters).
  const table = formatTable(["path", "unit", "min", "max", "default", "prior", "by year"], params.map((p) => [p.path, p.unit, String(p.min), String(p.max), String(p.default ?? ""), prior(p), p.timeVarying ? "yes" : "no"])).split("\n");
  const width = Math.max(...table.map((l) => l.length));
  const tail = ["source", "------", ...params.map((p) => p.source)];
  io.out(table.map((l, k) => `${l.padEnd(width)}  ${tail[k]}`).join("\n"));
  io.out("\nDescriptions: ringfence params --json");
  return EXIT.ok;
}

/** `ringfence schema`: the JSON Schema of scenario files (with `extends` added). */
export function printSchema(io: Io): ExitCode {
  const json = z.toJSONSchema(scenarioSchema, { io: "input" });
  const properties = {
    extends: { type: "string", description: `Start from a preset (${PRESET_IDS.join(", ")}) or another scenario file in the same folder; this file's fields override it` },
    ...(json as { properties?: object }).properties,
  };
  io.out(JSON.stringify({ ...json, properties }, null, 2));
  return EXIT.ok;
}

/** `ringfence validate`: loads each scenario as `run` would and prints every problem; exit 2 if any is invalid. */
export async function validateScenarios(files: readonly string[], allowPlugins: boolean, io: Io): Promise<ExitCode> {
  let invalid = 0;
  for (const f of files) {
    try {
      const loaded = await loadScenario(f, { allowPlugins });
      const sc = loaded.scenario;
      const varying = Object.keys(sc.timeVarying);
      io.out(`${f}: valid (${sc.id}: ${sc.title}${varying.length > 0 ? `; varying by year: ${varying.join(", ")}` : ""})`);
      for (const note of scenarioNotes(sc)) io.out(`  note: ${note}`);
      if (loaded.unchecked.length > 0) {
        io.out(`  not checked (they come from plugins, which validate does not load without --allow-plugins): ${loaded.unchecked.join("; ")}`);
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      invalid++;
      io.err(`${f}: ${e.issues.length} problem${e.issues.length === 1 ? "" : "s"}`);
      for (const i of e.issues) io.err(`  ${i.message}`);
    }
  }
  return invalid > 0 ? EXIT.badInput : EXIT.ok;
}
