import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CHARTS_DIR,
  renderExploreReport,
  REPORT_FILE,
  writeExploreReport,
  type ExploreDiscovery,
  type ExploreReportInput,
} from "@ringfence/core/results";
import { afterAll, describe, expect, it } from "vitest";

const FACTORS = [
  { id: "alpha.rate", low: 0, high: 1, unit: "share" },
  { id: "beta.<growth>", low: -0.05, high: 0.1, unit: "a year" },
  { id: "gamma", low: 1, high: 10 },
];

const DISCOVERY: ExploreDiscovery = {
  question: "outcome below −5%",
  rows: 200,
  cases: 60,
  minDensity: 0.8,
  trajectory: [
    { kind: "initial", coverage: 1, density: 0.3, mass: 1 },
    { kind: "peel", coverage: 0.95, density: 0.5, mass: 0.57 },
    { kind: "peel", coverage: 0.9, density: 0.85, mass: 0.32 },
    { kind: "paste", coverage: 0.92, density: 0.84, mass: 0.33 },
  ],
  chosen: {
    kind: "paste",
    coverage: 0.92,
    density: 0.84,
    mass: 0.33,
    index: 3,
    count: 66,
    limits: [
      { factor: "alpha.rate", low: 0.62, high: 1, restricted: true },
      { factor: "beta.<growth>", low: -0.05, high: 0.1, restricted: false },
      { factor: "gamma", low: 1, high: 7.5, restricted: true },
    ],
  },
};

const INPUT: ExploreReportInput = {
  title: "Test experiment <report>",
  intro: "Synthetic indices & boxes.",
  outcome: { label: "Relative change", unit: "relative change", format: "+.2%" },
  factors: FACTORS,
  facts: [{ label: "Seed", value: "42" }],
  targets: [
    {
      id: "a",
      label: "Scenario A",
      summary: { runs: 200, mean: -0.03, min: -0.2, max: 0.1 },
      morris: [
        { factor: "alpha.rate", mu: -0.12, muStar: 0.15, sigma: 0.05 },
        { factor: "beta.<growth>", mu: 0.02, muStar: 0.04, sigma: 0.06 },
        { factor: "gamma", mu: 0, muStar: 0, sigma: 0 },
      ],
      discovery: DISCOVERY,
    },
    {
      id: "b/c",
      label: "Scenario B",
      sobol: [
        { factor: "alpha.rate", first: { estimate: 0.61, low: 0.5, high: 0.7 }, total: { estimate: 0.7, low: 0.6, high: 0.8 } },
        { factor: "beta.<growth>", first: { estimate: 0.2, low: 0.1, high: 0.3 }, total: { estimate: 0.25, low: 0.2, high: 0.33 } },
        { factor: "gamma", first: { estimate: Number.NaN, low: Number.NaN, high: Number.NaN }, total: { estimate: 0, low: 0, high: 0 } },
      ],
      discovery: { ...DISCOVERY, cases: 0, trajectory: [], chosen: null },
    },
    {
      id: "d",
      label: "Scenario D",
      correlation: [
        { factor: "alpha.rate", rho: 0.8, low: 0.7, high: 0.87 },
        { factor: "gamma", rho: -0.3, low: -0.45, high: -0.13 },
      ],
      discovery: { ...DISCOVERY, chosen: null },
    },
  ],
  provenance: [{ label: "Producer", value: "test@1" }],
};

const root = mkdtempSync(join(tmpdir(), "ringfence-explore-report-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("renderExploreReport", { timeout: 60_000 }, () => {
  it("draws the Morris plane and tornado, the Sobol bars, the correlation tornado and a PRIM curve where there are cases", async () => {
    const { html, charts } = await renderExploreReport(INPUT);
    // With the chosen box of target a, its limits chart (restricted factors within their ranges).
    expect(charts.map((c) => c.file)).toEqual(["morris-a.svg", "tornado-a.svg", "prim-a.svg", "box-a.svg", "sobol-b_c.svg", "correlation-d.svg", "prim-d.svg"]);
    for (const c of charts) {
      expect(c.svg.startsWith("<svg")).toBe(true);
      expect(html).toContain(c.svg);
    }
    expect(html).toContain('<figure class="morris" data-target="a">');
    expect(html).toContain('<figure class="sobol" data-target="b/c">');
    expect(html).toContain('<figure class="prim" data-target="a">');
    expect(html).not.toContain('<figure class="prim" data-target="b/c">');
    expect(html).toContain("No run is a case of interest");
    expect(html).toContain("No box reaches a density of 80%");
  });

  it("draws every factor in the charts and the Sobol whiskers from the intervals", async () => {
    const { charts } = await renderExploreReport(INPUT);
    const sobol = charts.find((c) => c.kind === "sobol")!.svg;
    // Factor names are escaped in the SVG text.
    for (const name of ["alpha.rate", "beta.&lt;growth&gt;", "gamma"]) expect(sobol).toContain(name);
    // One whisker per finite index (gamma's first-order index is NaN and is left out).
    expect(sobol.match(/aria-roledescription="rule mark"/g)?.length).toBe(5);
    expect(sobol).toContain("low: 0.5; label: alpha.rate; high: 0.7");
    const tornado = charts.find((c) => c.kind === "tornado")!.svg;
    expect(tornado).toContain("raises the outcome");
    expect(tornado).toContain("lowers the outcome");
    const prim = charts.find((c) => c.kind === "prim" && c.target === "a")!.svg;
    expect(prim.match(/aria-roledescription="point"/g)?.length).toBe(DISCOVERY.trajectory.length + 1);
  });

  it("shows the chosen box as a table, restricted factors first, with the box and the range varied", async () => {
    const { html } = await renderExploreReport(INPUT);
    const start = html.indexOf('<table class="box">');
    const box = html.slice(start, html.indexOf("</table>", start));
    const rows = box.match(/<tr class="(restricted|free)" data-factor="([^"]+)"/g) ?? [];
    expect(rows).toEqual([
      '<tr class="restricted" data-factor="alpha.rate"',
      '<tr class="restricted" data-factor="gamma"',
      '<tr class="free" data-factor="beta.&lt;growth&gt;"',
    ]);
    expect(box).toContain("0.62</span> to <span class=\"num\">1</span>");
    expect(html).toContain("coverage <b>92.0%</b>, density <b>84.0%</b>");
  });

  it("escapes text, loads nothing and is the same page for the same input", async () => {
    const a = await renderExploreReport(INPUT);
    const b = await renderExploreReport(INPUT);
    expect(b.html).toBe(a.html);
    expect(a.html).toContain("Test experiment &lt;report&gt;");
    expect(a.html).not.toContain("<report>");
    expect(a.html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it("rejects a bad outcome format", async () => {
    await expect(renderExploreReport({ ...INPUT, outcome: { ...INPUT.outcome, format: "%%bad" } })).rejects.toThrow(/input\.outcome\.format/);
  });
});

describe("writeExploreReport", { timeout: 60_000 }, () => {
  it("writes report.html and each chart as an SVG file", async () => {
    const dir = join(root, "report");
    const files = await writeExploreReport(dir, INPUT);
    expect(files.html).toBe(join(dir, REPORT_FILE));
    const all = readdirSync(join(dir, CHARTS_DIR)).sort();
    expect(all.filter((f) => f.endsWith(".svg"))).toEqual(["box-a.svg", "correlation-d.svg", "morris-a.svg", "prim-a.svg", "prim-d.svg", "sobol-b_c.svg", "tornado-a.svg"]);
    // A PNG and the CSV of the data drawn beside each SVG.
    expect(all.filter((f) => f.endsWith(".png")).length).toBe(7);
    expect(all.filter((f) => f.endsWith(".csv")).length).toBe(7);
    expect(readFileSync(join(dir, CHARTS_DIR, "sobol-b_c.csv"), "utf8").split("\r\n")[0]).toBe("label,index,estimate,low,high,total");
    expect(readFileSync(files.html, "utf8")).toContain('<section id="target-a" data-target="a">');
    expect(readFileSync(files.charts[0]!, "utf8").startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
  });
});
