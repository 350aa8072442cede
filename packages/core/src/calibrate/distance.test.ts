import { describe, expect, it } from "vitest";
import { targetDistance, withinTolerance } from "./distance.js";

const TARGETS = [
  { value: 10, tolerance: 2 },
  { value: 0.5, tolerance: 0.1 },
];

describe("target distances", () => {
  it("is the root mean squared tolerance-scaled miss", () => {
    expect(targetDistance([10, 0.5], TARGETS)).toBe(0);
    // Misses of 2 (one tolerance) and 0.3 (three tolerances): sqrt((1 + 9) / 2) = sqrt(5).
    expect(targetDistance([12, 0.2], TARGETS)).toBeCloseTo(Math.sqrt(5), 12);
    expect(targetDistance([8, 0.8], TARGETS)).toBeCloseTo(Math.sqrt(5), 12);
  });
  it("is infinite for a non-finite simulated value", () => {
    expect(targetDistance([Number.NaN, 0.5], TARGETS)).toBe(Number.POSITIVE_INFINITY);
  });
  it("withinTolerance checks every target separately", () => {
    expect(withinTolerance([11.9, 0.4], TARGETS)).toBe(true);
    expect(withinTolerance([12.1, 0.5], TARGETS)).toBe(false);
    // RMS distance below 1 (sqrt(1.2² / 2) = 0.85) while the second target is missed by 1.2 tolerances.
    expect(targetDistance([10, 0.62], TARGETS)).toBeLessThan(1);
    expect(withinTolerance([10, 0.62], TARGETS)).toBe(false);
    expect(withinTolerance([10, Number.NaN], TARGETS)).toBe(false);
  });
  it("rejects mismatched lengths, empty targets and non-positive tolerances", () => {
    expect(() => targetDistance([1], TARGETS)).toThrow(RangeError);
    expect(() => targetDistance([], [])).toThrow(RangeError);
    expect(() => withinTolerance([1], [{ value: 1, tolerance: 0 }])).toThrow(RangeError);
  });
});
