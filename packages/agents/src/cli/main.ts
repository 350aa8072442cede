/**
 * `ringfence` itself: parses the command line, runs the command and turns every failure into one line
 * and an exit code (0 success, 2 bad input, 1 a failure during a batch, 130 interrupted).
 * @packageDocumentation
 */
import { availableParallelism } from "node:os";
import { ConfigError } from "@ringfence/core";
import { parseCommandLine } from "./args.js";
import { runBatchCommand } from "./commands/batch.js";
import { backcastCommand, calibrateCommand } from "./commands/calibration.js";
import { CalibrationError } from "../calibration/calibrate.js";
import { exploreCommand } from "./commands/explore.js";
import { replayCommand } from "./commands/replay.js";
import { listParameters, listPresets, printSchema, validateScenarios } from "./commands/info.js";
import { serveQueue } from "./commands/worker.js";
import { EXIT, type ExitCode, type Io } from "./io.js";
import { OutputError } from "./output-folder.js";

/**
 * Runs `ringfence` with the given arguments and returns its exit code; errors are printed as one line each
 * (with a stack trace only for unexpected errors under `--debug`).
 * @example
 * ```ts
 * const code = await main(["compare", "ring-fenced", "iho-acute", "--runs", "20", "--population", "icb"], io, signal);
 * ```
 */
export async function main(argv: readonly string[], io: Io, signal: AbortSignal): Promise<ExitCode> {
  let debug = argv.includes("--debug");
  try {
    const { parsed: cmd, debug: d } = parseCommandLine(argv, { workers: Math.max(1, Math.min(8, availableParallelism())) });
    debug = d;
    switch (cmd.command) {
      case "list":
        return listPresets(cmd.json, io);
      case "params":
        return listParameters(cmd.json, io);
      case "schema":
        return printSchema(io);
      case "validate":
        return await validateScenarios(cmd.files, cmd.allowPlugins, io);
      case "run":
      case "compare":
      case "flagship":
        return await runBatchCommand(cmd.command, cmd.scenarios, cmd.options, io, signal);
      case "replay":
        return await replayCommand(cmd.scenario, cmd.options, io);
      case "explore":
        return await exploreCommand(cmd.file, cmd.options, io, signal);
      case "backcast":
        return await backcastCommand(cmd.options, io, signal);
      case "calibrate":
        return await calibrateCommand(cmd.options, io, signal);
      case "worker":
        return await serveQueue(cmd.options, io, signal);
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`ringfence: ${e.message.split("\n")[0]!.replace(/:$/, "")}`);
      for (const i of e.issues) io.err(`  ${i.message}`);
      return EXIT.badInput;
    }
    if (signal.aborted) {
      io.err("ringfence: interrupted");
      return EXIT.interrupted;
    }
    // A calibration's own failure is said in full and is not a bug (no stack trace to ask for).
    const whole = e instanceof CalibrationError;
    const message = e instanceof Error ? (whole ? e.message : e.message.split("\n")[0]) : String(e);
    io.err(`ringfence: ${e instanceof OutputError ? "" : "failed: "}${message}`);
    if (debug && e instanceof Error && e.stack !== undefined) io.err(e.stack);
    else if (!(e instanceof OutputError) && !whole) io.err("  (run again with --debug for the stack trace)");
    return EXIT.failure;
  }
}
