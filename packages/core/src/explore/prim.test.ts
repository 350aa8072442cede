import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { chooseBox, prim } from "./prim.js";

function uniformRows(n: number, dims: number, seed: string): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: dims }, () => rng.next()));
}

describe("prim", () => {
  const x = uniformRows(2000, 4, "prim-data");
  const y = x.map((p) => p[0]! > 0.6 && p[2]! < 0.3);
  const trajectory = prim(x, y);

  it("finds the box x1 > 0.6, x3 < 0.3 at density >= 0.9", () => {
    const box = chooseBox(trajectory, 0.9);
    expect(box).toBeDefined();
    expect(box!.restricted).toEqual([0, 2]);
    expect(Math.abs(box!.limits[0]!.low - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(box!.limits[2]!.high - 0.3)).toBeLessThan(0.05);
    expect(box!.coverage).toBeGreaterThanOrEqual(0.8);
    expect(box!.density).toBeGreaterThanOrEqual(0.9);
  });

  it("reports coverage, density and mass that match a direct count of the box", () => {
    const interest = y.filter(Boolean).length;
    for (const box of trajectory) {
      const inside = x.map((p) => box.limits.every((l, d) => p[d]! >= l.low && p[d]! <= l.high));
      const count = inside.filter(Boolean).length;
      const hits = inside.filter((isIn, r) => isIn && y[r]).length;
      expect(box.count).toBe(count);
      expect(box.mass).toBeCloseTo(count / x.length, 12);
      expect(box.density).toBeCloseTo(hits / count, 12);
      expect(box.coverage).toBeCloseTo(hits / interest, 12);
    }
  });

  it("starts from the data range and peels about alpha of the box per step, never below minMass", () => {
    expect(trajectory[0]!.kind).toBe("initial");
    expect(trajectory[0]!.mass).toBe(1);
    const peels = trajectory.filter((b) => b.kind === "peel");
    expect(peels.length).toBeGreaterThan(10);
    for (let i = 1; i < trajectory.length; i++) {
      const previous = trajectory[i - 1]!;
      const box = trajectory[i]!;
      expect(box.mass).toBeGreaterThanOrEqual(0.05);
      if (box.kind === "peel") {
        const removed = previous.count - box.count;
        expect(removed).toBe(Math.max(1, Math.floor(0.05 * previous.count)));
      }
    }
    // Peeling raises density overall: the last peel is denser than the data as a whole.
    expect(peels[peels.length - 1]!.density).toBeGreaterThan(trajectory[0]!.density + 0.5);
  });

  it("pastes without lowering density, and can be turned off", () => {
    const pastes = trajectory.map((b, i) => [b, i] as const).filter(([b]) => b.kind === "paste");
    for (const [box, i] of pastes) {
      expect(box.density).toBeGreaterThanOrEqual(trajectory[i - 1]!.density);
      expect(box.count).toBeGreaterThan(trajectory[i - 1]!.count);
    }
    const unpasted = prim(x, y, { paste: false });
    expect(unpasted.some((b) => b.kind === "paste")).toBe(false);
  });

  it("returns undefined when no box is dense enough, and validates input", () => {
    expect(chooseBox(trajectory, 1.01)).toBeUndefined();
    expect(() => prim(x, y.slice(1))).toThrow(RangeError);
    expect(() => prim(x, y.map(() => false))).toThrow(RangeError);
  });
});
