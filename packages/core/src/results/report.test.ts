import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHARTS_DIR, renderReport, REPORT_FILE, writeReport, type ReportOptions } from "@ringfence/core/results";
import { describe, expect, it } from "vitest";
import { makeFixtureSummary } from "./test-fixture.js";

const OPTIONS: ReportOptions = {
  title: "Ringfence test report",
  indicators: {
    gpPerPatient: { label: "GP funding per weighted patient", unit: "£ per weighted patient", format: "$,.2f" },
    gpShare: { label: "General practice share of spend", unit: "share", format: ".1%" },
    practices: { label: "Practices open", unit: "practices", format: ",.0f" },
  },
  charts: ["gpPerPatient", "gpShare", "practices"],
  scenarios: { "status-quo": { label: "Status quo", description: "No ringfence." } },
  flows: { labels: { icb: "ICB", practice: "Practices" } },
};

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe("renderReport", () => {
  it("has one fan chart, holding one SVG, per charted indicator, plus the flows chart", async () => {
    const { html, charts } = await renderReport(makeFixtureSummary(), OPTIONS);
    const figures = html.split('<figure class="fan"').slice(1);
    expect(figures.length).toBe(3);
    for (const figure of figures) expect(count(figure.slice(0, figure.indexOf("</figure>")), "<svg")).toBe(1);
    expect(count(html, "<svg")).toBe(4);
    expect(charts.map((c) => [c.file, c.subject])).toEqual([
      ["fan-gpPerPatient.svg", "gpPerPatient"],
      ["fan-gpShare.svg", "gpShare"],
      ["fan-practices.svg", "practices"],
      ["flows.svg", "flows"],
    ]);
    for (const c of charts) expect(html).toContain(c.svg);
  });

  it("shows the erosion table: counts, probability and the Wilson interval", async () => {
    const { html } = await renderReport(makeFixtureSummary(), OPTIONS);
    const erosion = html.slice(html.indexOf('<section id="erosion">'), html.indexOf('<section id="paired">'));
    // 412 of 1000: p = 41.2%; Wilson 95% worked by hand: centre 0.41234, half-width 0.03045 → 38.2% to 44.3%.
    expect(erosion).toContain("412 / 1,000");
    expect(erosion).toContain("41.2%");
    expect(erosion).toContain("38.2% – 44.3%");
    // 37 of 1000: p = 3.7%; centre 0.03877, half-width 0.01181 → 2.7% to 5.1%.
    expect(erosion).toContain("37 / 1,000");
    expect(erosion).toContain("2.7% – 5.1%");
    expect(count(erosion, "<tr>")).toBe(1 + 6);
  });

  it("shows final-year paired differences with sign and unit format, and only the final year", async () => {
    const { html } = await renderReport(makeFixtureSummary(), OPTIONS);
    const paired = html.slice(html.indexOf('<section id="paired">'), html.indexOf('<section id="flows">'));
    expect(paired).toContain("+£14.82");
    expect(paired).toContain("+£14.21 to +£15.43");
    expect(paired).toContain("−3");
    expect(paired).not.toContain("+£0.10");
    expect(count(paired, "<tr>")).toBe(1 + 4);
  });

  it("uses £ on the axis of a currency indicator and % on a share", async () => {
    const { charts } = await renderReport(makeFixtureSummary(), OPTIONS);
    expect(charts[0]?.svg).toMatch(/>£1\d\d\.00</);
    expect(charts[1]?.svg).toMatch(/>\d\.\d%</);
  });

  it("escapes a hostile scenario id and title everywhere", async () => {
    const hostile = `<script>alert("x")</script>`;
    const summary = makeFixtureSummary({ thirdScenarioId: hostile });
    const { html, charts } = await renderReport(summary, { ...OPTIONS, title: `<img src=x onerror="alert(1)">` });
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("<title>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>");
    for (const c of charts) expect(c.svg.toLowerCase()).not.toContain("<script");
  });

  it("renders the same page twice from the same inputs", async () => {
    const a = await renderReport(makeFixtureSummary(), OPTIONS);
    const b = await renderReport(makeFixtureSummary(), OPTIONS);
    expect(a.html).toBe(b.html);
  });

  it("names the option when a charted indicator has no statistics", async () => {
    await expect(renderReport(makeFixtureSummary(), { ...OPTIONS, charts: ["gpShare", "nope"] })).rejects.toThrow(
      /options\.charts\[1\] is "nope"; expected an indicator/,
    );
  });

  it("names the option when a format is not a d3-format specifier", async () => {
    const indicators = { ...OPTIONS.indicators, gpShare: { label: "Share", unit: "share", format: "percent" } };
    await expect(renderReport(makeFixtureSummary(), { ...OPTIONS, indicators })).rejects.toThrow(
      /options\.indicators\.gpShare\.format is "percent"/,
    );
  });
});

describe("writeReport", () => {
  it("writes report.html and every chart as an SVG file, with no temporary file left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rf-report-"));
    const files = await writeReport(dir, makeFixtureSummary(), OPTIONS);
    expect(files.html).toBe(join(dir, REPORT_FILE));
    expect(readdirSync(dir).sort()).toEqual([CHARTS_DIR, REPORT_FILE]);
    expect(readdirSync(join(dir, CHARTS_DIR)).sort()).toEqual(["fan-gpPerPatient.svg", "fan-gpShare.svg", "fan-practices.svg", "flows.svg"]);
    const html = readFileSync(files.html, "utf8");
    for (const path of files.charts) {
      const svg = readFileSync(path, "utf8");
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
      expect(html).toContain(svg.slice(svg.indexOf("<svg"), svg.lastIndexOf("</svg>")));
    }
    expect(html).not.toMatch(/<script|src="http|href="http/);
  });
});
