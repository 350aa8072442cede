import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DecisionError, replayRun } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { ringfence } from "../cli-helper.js";

const file = fileURLToPath(new URL("./iho-acute-unrounded.yaml", import.meta.url));
const relative = "packages/examples/src/replay/iho-acute-unrounded.yaml";

describe("replaying a failed run (a policy that forgets to round)", () => {
  it("the batch fails and prints a replay command, which works as printed and shows the error with its stack trace", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ringfence-replay-")), "out");
    const r = ringfence("run", relative, "--population", "toy", "--years", "3", "--runs", "4", "--workers", "2", "--out", out, "--progress", "none", "--allow-plugins");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/iho-acute-unrounded run 0 \(seed 2025:0\): acute-trust \d+ \(policy unrounded-diversion, \d{4}\/\d\d\): cuts: \[\d\]: expected a whole number of pence, got \d+\.\d+/);
    const line = r.err.split("\n").find((l) => l.includes("replay the first alone"))!;
    const command = line.slice(line.indexOf(": ") + 2);
    // The batch's own options, --verify included when the batch checked its runs (the test suite always does).
    const verify = process.env.RINGFENCE_VERIFY === "1" ? " --verify" : "";
    expect(command).toBe(`npx ringfence replay ${relative} --seed 2025:0 --run 0 --population toy --years 3 --allow-plugins --run-timeout 120${verify}`);
    const replay = ringfence(...command.split(" ").slice(2));
    expect(replay.code).toBe(1);
    expect(replay.err).toMatch(/ringfence replay: the run failed: acute-trust \d+ \(policy unrounded-diversion, \d{4}\/\d\d\): cuts: \[\d\]: expected a whole number of pence/);
    expect(replay.err).toMatch(/\n\s+at \S+/);
  }, 240_000);

  it("replayRun in code gives the same error, as a DecisionError naming the kind, the policy, the row and the year", async () => {
    const error = await replayRun(file, "2025:0", { runIndex: 0, population: "toy", years: 3, allowPlugins: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DecisionError);
    const e = error as DecisionError;
    expect(e.kind).toBe("acute-trust");
    expect(e.policy).toBe("unrounded-diversion");
    expect(e.problem).toMatch(/^cuts: \[\d\]: expected a whole number of pence, got \d+\.\d+$/);
    // The same seed with the bug fixed (the capped-diversion policy rounds down) runs.
    const fixed = fileURLToPath(new URL("../custom-policy/iho-acute-capped.yaml", import.meta.url));
    const { result } = await replayRun(fixed, "2025:0", { population: "toy", years: 3, allowPlugins: true, verify: true });
    expect(result.yearSeries.gpDiverted!.some((x) => x > 0)).toBe(true);
  }, 60_000);
});
