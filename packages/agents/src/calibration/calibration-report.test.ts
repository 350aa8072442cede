import { describe, expect, it } from "vitest";
import { coverageOf, renderCalibrationPage, shrinkage } from "./calibration-report.js";
import { ENSEMBLE_VERSION, type Ensemble } from "./ensemble.js";

// 200 particles: the first parameter spread over a tenth of its box, the second over all of it.
const particles = Array.from({ length: 200 }, (_, i) => ({ values: [0.45 + (0.1 * i) / 199, i / 199], weight: 1 }));
const ensemble: Ensemble = {
  version: ENSEMBLE_VERSION,
  parameters: ["a", "b"],
  particles,
  priorDrawn: [],
  provenance: { producer: "test", method: { name: "history matching", posterior: { particles: 200, ess: 200, distinct: 200 } }, seed: "s", population: "toy", scenario: "baseline-2014", split: { fitThrough: 2018 }, targets: [], simulations: 0, checks: {} },
};
const boxes = { a: { low: 0, high: 1 }, b: { low: 0, high: 1 } };

describe("the calibration report", () => {
  it("measures each parameter's posterior spread against its prior's", () => {
    const [a, b] = shrinkage(ensemble, boxes);
    // A uniform spread over a tenth of the box has a tenth of the prior's sd; over all of it, about the same.
    expect(a!.ratio).toBeCloseTo(0.1, 1);
    expect(b!.ratio).toBeCloseTo(1, 1);
    expect(a!.mean).toBeCloseTo(0.5, 6);
  });
  it("counts coverage per measure and split, and leaves out unsplit rows", () => {
    const rows = [
      { measure: "practices", split: "reserved", covered: true },
      { measure: "practices", split: "reserved", covered: false },
      { measure: "practices", split: "fit", covered: true },
      { measure: "practices", split: "", covered: true },
    ];
    expect(coverageOf(rows)).toEqual([
      { measure: "practices", years: "fit", points: 1, covered: 1 },
      { measure: "practices", years: "reserved", points: 2, covered: 1 },
    ]);
  });
  it("renders the page with its facts, a reserved coverage outside 80–95% marked, and a pairs plot", async () => {
    const check = { runs: 10, hitAll: 7, perTarget: [{ name: "practices-2015", share: 0.9, median: 7800, p5: 7700, p95: 7900, observed: 7841, sd: 80 }] };
    const page = await renderCalibrationPage({ ensemble, waves: [], checks: { region: check, posterior: check }, boxes, command: "npx ringfence calibrate", coverage: [{ measure: "practices", years: "reserved", points: 100, covered: 60 }] });
    expect(page.html).toContain("Region runs hitting every fitted output <b>7 of 10</b>");
    // The median (7,800) misses the observed 7,841 by 41 of an 80 sd: −0.5.
    expect(page.html).toContain("<td>−0.5</td>");
    expect(page.html).toMatch(/<tr class="out"><td>practices<\/td><td>reserved<\/td><td>100<\/td><td>60%<\/td>/);
    expect(page.charts.map((c) => c.file)).toEqual(["volume.svg", "pairs.svg"]);
  });
});
