import { describe, expect, it } from "vitest";
import { ProgressRate } from "./progress-rate.js";

/** A meter fed runs finishing at the given gaps (seconds) after a start at 0; returns it and the last time. */
function feed(gaps: readonly number[]): { pace: ProgressRate; now: number } {
  const pace = new ProgressRate(0);
  let now = 0;
  for (const g of gaps) {
    now += g * 1000;
    pace.finished(now);
  }
  return { pace, now };
}

describe("progress rate", () => {
  it("is zero with no finished run, so the time left is unbounded", () => {
    const pace = new ProgressRate(0);
    expect(pace.rate(5000)).toBe(0);
    expect(pace.secondsLeft(5000, 10)).toBe(Number.POSITIVE_INFINITY);
  });

  it("counts from the start while few runs have finished", () => {
    const { pace, now } = feed([2, 2, 2, 2]);
    expect(pace.rate(now)).toBeCloseTo(0.5, 12);
    expect(pace.secondsLeft(now, 6)).toBeCloseTo(12, 9);
  });

  it("follows a batch that speeds up as its workers warm, where a rate since the start would lag", () => {
    // Ten slow runs (1 s each), then forty fast ones (0.1 s each): the runs now finish at 10 a second.
    const { pace, now } = feed([...Array<number>(10).fill(1), ...Array<number>(40).fill(0.1)]);
    const sinceStart = 50 / (now / 1000);
    expect(sinceStart).toBeLessThan(4);
    expect(pace.rate(now)).toBeCloseTo(10, 6);
    expect(pace.secondsLeft(now, 100)).toBeCloseTo(10, 6);
  });

  it("looks back over the last quarter of the runs, so one slow run moves it only a little", () => {
    // 99 runs at 0.1 s, then one of 2 s: the window holds 25 runs over 4.4 s.
    const { pace, now } = feed([...Array<number>(99).fill(0.1), 2]);
    expect(pace.rate(now)).toBeCloseTo(25 / 4.4, 6);
  });
});
