/**
 * A quiet start: no time left is printed until this session has done enough runs for the rate to mean
 * something; the figure printed after that is the batch's own estimate.
 */
import { describe, expect, it } from "vitest";
import { QUIET_RUNS, timeLeftText } from "./progress-text.js";

const at = (done: number, total: number, secondsLeft: number) => ({ done, total, runsPerSecond: 1, secondsLeft });

describe("timeLeftText", () => {
  it("says 'estimating…' for the first runs of a session, however confident the rate looks", () => {
    // The first flagship line used to promise 620 s at run 1 of 700.
    expect(timeLeftText(at(1, 700, 620), 0)).toBe("estimating…");
    expect(timeLeftText(at(QUIET_RUNS - 1, 700, 90), 0)).toBe("estimating…");
    // Sixteen runs are not enough of a 700-run batch either: a twentieth (35) is.
    expect(timeLeftText(at(20, 700, 80), 0)).toBe("estimating…");
    expect(timeLeftText(at(35, 700, 66.4), 0)).toBe("66s left");
  });

  it("counts only this session's runs when resuming, and ends at 0 s", () => {
    // Resumed at 600 of 700: 16 runs of this session are enough for its 100 runs.
    expect(timeLeftText(at(610, 700, 30), 600)).toBe("estimating…");
    expect(timeLeftText(at(616, 700, 30), 600)).toBe("30s left");
    expect(timeLeftText(at(700, 700, 0), 600)).toBe("0s left");
    expect(timeLeftText(at(100, 700, Number.POSITIVE_INFINITY), 0)).toBe("estimating…");
  });
});
