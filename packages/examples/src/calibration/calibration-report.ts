/**
 * Renders the calibration report of a finished calibration folder again, with the out-of-sample check (an
 * England backcast's per-ICB panel, reserved years included) and the simulation-based calibration when given:
 *
 *   npm run calibration-report -- results/calibration --backcast results/backcast --sbc results/sbc/sbc.json
 *
 * Writes report.html and charts/ into the calibration folder.
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readCalibrationReportInput, writeCalibrationReport } from "@ringfence/agents";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { backcast: { type: "string" }, sbc: { type: "string" } } });
const dir = positionals[0];
if (dir === undefined) {
  console.error("usage: npm run calibration-report -- <calibration folder> [--backcast <backcast folder>] [--sbc <sbc.json>]");
  process.exit(2);
}
const command = readFileSync(join(dir, "command.txt"), "utf8").trim();
const input = readCalibrationReportInput(dir, { command, ...(values.backcast === undefined ? {} : { backcast: values.backcast, backcastCommand: "npx ringfence backcast --split all" }), ...(values.sbc === undefined ? {} : { sbc: values.sbc, sbcCommand: "npm run sbc" }) });
console.log(`wrote ${await writeCalibrationReport(dir, input)}`);
