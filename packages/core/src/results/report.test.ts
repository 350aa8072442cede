import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAccumulator, type RunRecord } from "@ringfence/core/batch";
import { CHARTS_DIR, renderReport, REPORT_FILE, takeaway, writeReport, type ReportOptions } from "@ringfence/core/results";
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
  scenarios: {
    "status-quo": {
      label: "Status quo",
      description: "No ringfence.",
      claims: [{ quote: "ICBs hold the GP lines.", source: "NHS England, Operating framework" }],
      assumptions: ["ICBs cut lines to close gaps."],
    },
  },
  flows: { labels: { icb: "ICB", practice: "Practices" } },
};

/** The options with the headline: GP funding per weighted patient and practices open. */
const HEADLINE: ReportOptions = {
  ...OPTIONS,
  headline: { indicator: "gpPerPatient", phrase: "GP funding per weighted patient", secondary: "practices", secondaryPhrase: "practices open" },
  population: "one ICB",
  keyIndicators: ["gpPerPatient", "practices"],
};

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</section>", start));
}

function row(html: string, scenario: string): string {
  const start = html.indexOf(`<tr data-scenario="${scenario}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</tr>", start));
}

function sentence(html: string, scenario: string): string {
  const start = html.indexOf(`<p class="sentence" data-scenario="${scenario}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</p>", start)).replace(/<[^>]+>/g, "");
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe("renderReport", { timeout: 60_000 }, () => {
  it("has one fan chart per charted indicator, a difference chart per key indicator, money-flow diagrams per scenario and the flows chart, each wide and narrow", async () => {
    const { html, charts } = await renderReport(makeFixtureSummary(), OPTIONS);
    const figures = html.split('<figure class="fan"').slice(1);
    expect(figures.length).toBe(3);
    // Each figure holds the wide layout and the narrow one a phone shows.
    for (const figure of figures) expect(count(figure.slice(0, figure.indexOf("</figure>")), "<svg")).toBe(2);
    const inPage = charts.filter((c) => c.inPage);
    expect(inPage.map((c) => c.file)).toEqual([
      "fan-gpPerPatient.svg",
      "fan-gpShare.svg",
      "fan-practices.svg",
      "diff-gpPerPatient.svg",
      "diff-gpShare.svg",
      "diff-practices.svg",
      "where-status-quo-2034_35.svg",
      "sankey-status-quo-2034_35.svg",
      "where-ringfenced-2034_35.svg",
      "sankey-ringfenced-2034_35.svg",
      "where-pooled-budget-2034_35.svg",
      "sankey-pooled-budget-2034_35.svg",
      "flows.svg",
    ]);
    for (const c of inPage) {
      expect(html).toContain(c.svg);
      expect(html).toContain(c.narrow ?? "");
      expect(c.csv?.split("\r\n")[0]).toMatch(/,/);
    }
    expect(count(html, "<svg")).toBe(2 * inPage.length);
    // Earlier years' hop-by-hop diagrams are files only: 3 scenarios × 9 years.
    const filesOnly = charts.filter((c) => !c.inPage);
    expect(filesOnly.length).toBe(27);
    for (const c of filesOnly) expect(html).not.toContain(c.svg);
  });

  it("draws only the sections asked for (a live view), each chart as the whole report draws it", async () => {
    const summary = makeFixtureSummary();
    const whole = await renderReport(summary, HEADLINE);
    const live = await renderReport(summary, { ...HEADLINE, sections: ["answer", "differences"] });
    expect(live.charts.map((c) => c.file)).toEqual(["headline.svg", "diff-gpPerPatient.svg", "diff-practices.svg"]);
    for (const c of live.charts) expect(c).toEqual(whole.charts.find((w) => w.file === c.file));
    expect(whole.charts.some((c) => c.file.startsWith("sankey-"))).toBe(true);
    expect(live.html).not.toContain('class="sankey-fig');
  });

  it("shows the erosion table: counts, probability and the Wilson interval", async () => {
    const { html } = await renderReport(makeFixtureSummary(), OPTIONS);
    const erosion = section(html, "erosion");
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
    const paired = section(html, "paired").split('<div class="grid">')[0] ?? "";
    expect(paired).toContain("+£14.82");
    expect(paired).toContain("+£14.21 to +£15.43");
    expect(paired).toContain("−3");
    expect(paired).not.toContain("+£0.10");
    // Every charted indicator is key by default: 3 indicators × 2 scenarios, nothing collapsed.
    expect(count(paired, "<tr>")).toBe(1 + 6);
    expect(paired).not.toContain("<details");
  });

  it("prints differences of a share in percentage points, not per cent", async () => {
    const { html } = await renderReport(makeFixtureSummary(), OPTIONS);
    const paired = section(html, "paired");
    // gpShare differences of +0.0042 ± 0.0004 and −0.0021 ± 0.0004 at the format's one decimal.
    expect(paired).toContain("+0.4 pp");
    expect(paired).toContain("+0.4 pp to +0.5 pp");
    expect(paired).toContain("−0.2 pp");
    expect(paired).not.toContain("+0.4%");
  });

  it("shows the key indicators in the differences table and the rest inside <details>", async () => {
    const { html } = await renderReport(makeFixtureSummary(), HEADLINE);
    const paired = section(html, "paired");
    const open = paired.indexOf("<details");
    expect(open).toBeGreaterThan(0);
    const before = paired.slice(0, open);
    const inside = paired.slice(open, paired.indexOf("</details>"));
    expect(count(before, "<tr>")).toBe(1 + 4);
    expect(before).toContain("GP funding per weighted patient");
    expect(before).toContain("Practices open");
    expect(before).not.toContain("General practice share of spend");
    expect(inside).toContain("All other indicators (2 rows)");
    expect(inside).toContain("General practice share of spend");
    expect(count(inside, "<tr>")).toBe(1 + 2);
  });

  it("puts a headline row per scenario with the final-year difference, its interval, P(erosion), own change and practices", async () => {
    const { html } = await renderReport(makeFixtureSummary(), HEADLINE);
    const answer = section(html, "answer");
    expect(answer.indexOf("<section")).toBeLessThan(html.indexOf('<section id="money">'));
    expect(count(answer, "<tr data-scenario=")).toBe(3);
    const ring = row(answer, "ringfenced");
    // +14.82 ± 0.61; relative 14.82 / 200 = 7.41% ± 0.741 points; 37 of 1000 eroded; own change −2% ± 0.4 points.
    expect(ring).toContain("+£14.82");
    expect(ring).toContain("+£14.21 to +£15.43");
    expect(ring).toContain("+7.4%");
    expect(ring).toContain("+6.7% to +8.2%");
    expect(ring).toContain("3.7%");
    expect(ring).toContain("2.7% to 5.1%");
    // Own change: the median with the band holding 90% of runs (−2% from −3% to −1%).
    expect(ring).toContain("−2.0%");
    expect(ring).toContain("−3.0% to −1.0%");
    expect(ring).toContain("+251");
    expect(ring).toContain("+238 to +264");
    const pooled = row(answer, "pooled-budget");
    expect(pooled).toContain("+£5.40");
    expect(pooled).toContain("+£4.93 to +£5.87");
    expect(pooled).toContain("−3");
    expect(pooled).toContain("−15 to +9");
    const base = row(answer, "status-quo");
    expect(base).toContain("baseline");
    expect(base).not.toContain("+£");
    // The facts above the headline.
    expect(html).toContain("Population <b>one ICB</b>");
    expect(html).toContain("<b>2025/26</b> to <b>2034/35</b> (<b>10</b> years)");
    expect(html).toContain("Seed <b>fixture-seed-42</b>");
  });

  it("writes each headline sentence from the numbers: direction, interval and erosion", async () => {
    const { html } = await renderReport(makeFixtureSummary(), HEADLINE);
    expect(sentence(html, "ringfenced")).toBe(
      "Under ringfenced, GP funding per weighted patient in 2034/35 is £14.82 (7.4%) higher than under Status quo (95% interval of the mean £14.21 to £15.43 higher); " +
        "it fell more than 5% below its own start in 3.7% of runs (95% interval 2.7% to 5.1%). " +
        "It ends 2034/35 with 251 more practices open than Status quo (95% interval 238 to 264 more).",
    );
    expect(sentence(html, "pooled-budget")).toContain("is £5.40 (2.7%) higher than under Status quo (95% interval of the mean £4.93 to £5.87 higher)");
    expect(sentence(html, "pooled-budget")).toContain("There is no clear difference in practices open in 2034/35 from Status quo (3 fewer on average; 95% interval 15 fewer to 9 more).");
  });

  it("says 'no clear difference' when the interval spans zero, and 'lower' when the difference is negative", async () => {
    const spans = await renderReport(makeFixtureSummary({ thirdSpansZero: true }), HEADLINE);
    const text = sentence(spans.html, "pooled-budget");
    expect(text).toContain("there is no clear difference in GP funding per weighted patient in 2034/35 from Status quo");
    expect(text).toContain("95% interval of the mean −£0.70 to +£1.50");
    expect(text).not.toMatch(/higher|lower/);
    const summary = makeFixtureSummary();
    const negated = {
      ...summary,
      paired: summary.paired.map((d) => ({ ...d, mean: -d.mean, ciLow: -d.ciHigh, ciHigh: -d.ciLow, relative: { ...d.relative, mean: -d.relative.mean, ciLow: -d.relative.ciHigh, ciHigh: -d.relative.ciLow } })),
    };
    const lower = sentence((await renderReport(negated, HEADLINE)).html, "ringfenced");
    expect(lower).toContain("is £14.82 (7.4%) lower than under Status quo (95% interval of the mean £14.21 to £15.43 lower)");
    expect(lower).toContain("251 fewer practices open");
  });

  it("lists each scenario's claims and assumptions, linking to the sources", async () => {
    const { html } = await renderReport(makeFixtureSummary(), { ...HEADLINE, sourcesUrl: "docs/sources.md" });
    const sources = section(html, "scenarios");
    expect(sources).toContain('<a href="docs/sources.md">');
    expect(sources).toContain("“ICBs hold the GP lines.”");
    expect(sources).toContain("<cite>NHS England, Operating framework</cite>");
    expect(sources).toContain("<li>ICBs cut lines to close gaps.</li>");
    expect(count(sources, "<article")).toBe(3);
    const unsafe = await renderReport(makeFixtureSummary(), { ...HEADLINE, sourcesUrl: "javascript:alert(1)" });
    expect(unsafe.html).not.toContain('href="javascript');
  });

  it("draws a money-flow diagram per scenario with one node per group and bands as wide as the money", async () => {
    const { html } = await renderReport(makeFixtureSummary(), OPTIONS);
    const money = section(html, "money");
    // Per scenario: where the money ended up, and every hop; each wide and narrow.
    expect(count(money, '<svg xmlns="http://www.w3.org/2000/svg" class="sankey"')).toBe(12);
    const hops = money.slice(money.indexOf('<figure class="sankey-fig hops"'));
    const first = hops.slice(hops.indexOf("<svg"), hops.indexOf("</svg>"));
    // nhse, icb, practice, pcn, acute, community.
    expect(count(first, '<g class="node"')).toBe(6);
    expect(first).toContain(">ICB <tspan");
    const width = (to: string): number => Number(new RegExp(`data-source="icb" data-target="${to}"[^>]*stroke-width="([0-9.]+)"`).exec(first)?.[1]);
    // Final year (t = 9), status quo: total £12.45bn; practice 0.78 × total − diverted (0.15 + 0.45 = £0.6bn); PCN 0.12 × total.
    const total = 10.2 + 0.25 * 9;
    const ratio = (0.78 * total - 0.6) / (0.12 * total);
    expect(width("practice") / width("pcn")).toBeCloseTo(ratio, 2);
  });

  it("draws money that flows back upstream without crashing", async () => {
    const summary = makeFixtureSummary();
    const last = summary.years[summary.years.length - 1] ?? "";
    const back = { ...summary, flows: [...summary.flows, { scenario: "status-quo", year: last, from: "practice", to: "icb", fund: "gp-core", meanPence: 1e9 }] };
    const { html } = await renderReport(back, OPTIONS);
    // practice → icb (£1bn) is smaller than icb → practice, so it is the edge redirected to a copy of the ICB.
    expect(section(html, "money")).toContain("ICB (returned)");
    expect(section(html, "money")).toContain('data-source="practice" data-target="icb#returned"');
  });

  it("uses £ on the axis of a currency indicator and % on a share", async () => {
    const { charts } = await renderReport(makeFixtureSummary(), OPTIONS);
    expect(charts[0]?.svg).toMatch(/>£1\d\d\.00</);
    expect(charts[1]?.svg).toMatch(/>\d\.\d%</);
  });

  it("states the unit, real or cash, on every chart's title and y axis", async () => {
    const indicators = { ...OPTIONS.indicators, gpPerPatient: { label: "GP funding per weighted patient", unit: "£, first-year prices", format: ",.2f" } };
    const { charts } = await renderReport(makeFixtureSummary(), { ...OPTIONS, indicators });
    const fan = charts.find((c) => c.file === "fan-gpPerPatient.svg")?.svg ?? "";
    expect(fan).toContain("GP funding per weighted patient (£, first-year prices)");
    expect(fan).toMatch(/aria-label="[^"]*title[^"]*£, first-year prices/);
    // The format has no "$"; the money unit adds "£" to the axis labels.
    expect(fan).toMatch(/>£1\d\d\.00</);
    const diff = charts.find((c) => c.file === "diff-gpShare.svg")?.svg ?? "";
    expect(diff).toContain("percentage points");
    const flows = charts.find((c) => c.file === "flows.svg")?.svg ?? "";
    expect(flows).toContain("£bn, cash");
    for (const c of charts.filter((x) => x.file.startsWith("sankey-"))) expect(c.svg).toContain("cash)");
  });

  it("escapes a hostile scenario id and title everywhere", async () => {
    const hostile = `<script>alert("x")</script>`;
    const summary = makeFixtureSummary({ thirdScenarioId: hostile });
    const { html, charts } = await renderReport(summary, {
      ...HEADLINE,
      title: `<img src=x onerror="alert(1)">`,
      population: hostile,
      sourcesUrl: `"><script>`,
      scenarios: { [hostile]: { claims: [{ quote: hostile, source: hostile }], assumptions: [hostile] } },
      flows: { labels: { icb: hostile } },
    });
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("<title>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>");
    for (const c of charts) expect(c.svg.toLowerCase()).not.toContain("<script");
  });

  it("renders the same page twice from the same inputs", async () => {
    const a = await renderReport(makeFixtureSummary(), HEADLINE);
    const b = await renderReport(makeFixtureSummary(), HEADLINE);
    expect(a.html).toBe(b.html);
    expect(a.charts.map((c) => c.svg)).toEqual(b.charts.map((c) => c.svg));
  });

  it("names the option when the headline indicator has no statistics", async () => {
    await expect(renderReport(makeFixtureSummary(), { ...HEADLINE, headline: { indicator: "nope" } })).rejects.toThrow(
      /options\.headline\.indicator is "nope"; expected an indicator/,
    );
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

describe("writeReport", { timeout: 60_000 }, () => {
  it("writes report.html and every chart as an SVG file, with no temporary file left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rf-report-"));
    const files = await writeReport(dir, makeFixtureSummary(), OPTIONS);
    expect(files.html).toBe(join(dir, REPORT_FILE));
    expect(readdirSync(dir).sort()).toEqual([CHARTS_DIR, REPORT_FILE]);
    const all = readdirSync(join(dir, CHARTS_DIR)).sort();
    const written = all.filter((f) => f.endsWith(".svg"));
    // Each chart the page shows has a PNG and the CSV of its data beside it; earlier years' diagrams a CSV.
    expect(all.filter((f) => f.endsWith(".png")).length).toBe(13);
    expect(all.filter((f) => f.endsWith(".csv")).length).toBe(13 + 27);
    expect(readFileSync(join(dir, CHARTS_DIR, "flows.png")).subarray(1, 4).toString()).toBe("PNG");
    expect(written.filter((f) => !f.startsWith("sankey-") && !f.startsWith("where-"))).toEqual([
      "diff-gpPerPatient.svg",
      "diff-gpShare.svg",
      "diff-practices.svg",
      "fan-gpPerPatient.svg",
      "fan-gpShare.svg",
      "fan-practices.svg",
      "flows.svg",
    ]);
    // A money-flow diagram per scenario and year.
    expect(written.filter((f) => f.startsWith("sankey-")).length).toBe(3 * 10);
    expect(written).toContain("sankey-ringfenced-2025_26.svg");
    const html = readFileSync(files.html, "utf8");
    let inPage = 0;
    for (const path of files.charts) {
      const svg = readFileSync(path, "utf8");
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
      if (html.includes(svg.slice(svg.indexOf("<svg"), svg.lastIndexOf("</svg>")))) inPage++;
    }
    expect(inPage).toBe(13);
    expect(html).not.toMatch(/<script|src="http|href="http/);
  });
});

/** A batch folded by the engine's own accumulator from hand-made runs: ten years, "late" starts £6 lower and ends level. */
function startsLowerEndsLevel(sign: 1 | -1 = 1) {
  const years = Array.from({ length: 10 }, (_, t) => `${2025 + t}/${String((2026 + t) % 100).padStart(2, "0")}`);
  const acc = createAccumulator(["base", "late"], [{ indicator: "gp", threshold: 0.02 }]);
  for (let r = 0; r < 40; r++) {
    const noise = ((r * 37) % 11) / 10 - 0.5;
    const base = years.map((_, t) => 200 - 0.5 * t + noise);
    // "late" is £6 below in the first year, closing the gap by 2034/35 (the last two years level).
    const late = base.map((v, t) => v - sign * Math.max(0, 6 - 0.75 * t) + (t >= 8 ? 0.01 * (((r * 13) % 7) - 3) : 0));
    const money = (xs: number[]) => xs.map((v) => v * 60); // £m a year: £ per patient × 60m patients
    const rec = (scenario: string, gp: number[]): RunRecord => ({ scenario, run: r, seed: `s${r}`, years, indicators: { gp, money: money(gp) }, flows: [] });
    acc.addRecord(0, r, rec("base", base));
    acc.addRecord(1, r, rec("late", late));
  }
  return acc.summary({ runs: 40, masterSeed: "m", manifest: { producer: "t", masterSeed: "m", scenarioHashes: {}, quantileMethod: "q" } });
}

const LATE: ReportOptions = {
  title: "Starts lower, ends level",
  indicators: {
    gp: { label: "GP funding per weighted patient", unit: "£, first-year prices", format: ",.2f" },
    money: { label: "GP funding reaching practices", unit: "£m, first-year prices", format: ",.0f" },
  },
  charts: ["gp"],
  headline: { indicator: "gp", phrase: "GP funding per weighted patient", cumulative: "money" },
};

describe("the headline", { timeout: 60_000 }, () => {
  function takeawayOf(html: string): string {
    const m = /<h2 class="takeaway">([^<]*)<\/h2>/.exec(html);
    expect(m).not.toBeNull();
    return m![1]!.replace(/&#39;/g, "'");
  }

  it("shows the money lost on the way when an arrangement starts lower and ends level", async () => {
    const summary = startsLowerEndsLevel();
    const final = summary.paired.find((d) => d.b === "late" && d.indicator === "gp" && d.year === "2034/35")!;
    expect(final.ciLow).toBeLessThan(0);
    expect(final.ciHigh).toBeGreaterThan(0);
    const { html, charts } = await renderReport(summary, LATE);
    const text = takeawayOf(html);
    // Σ over the years of £6, £5.25, …, £0.75, £0, £0 = £27 per patient × 60 = £1,620m.
    expect(text).toContain("late ends level with base but has £1,620m less over 2025/26–2034/35");
    const headline = charts.find((c) => c.subject === "headline")!;
    expect(headline.csv).toMatch(/,late,"Added up, 2025\/26–2034\/35: £m, first-year prices",-16(19\.[5-9]|20\.[0-4])/);
    const row = section(html, "answer");
    expect(row).toContain("−£1,620m");
  });

  it("changes the takeaway when the sign of the result flips", async () => {
    const lower = takeawayOf((await renderReport(startsLowerEndsLevel(1), LATE)).html);
    const higher = takeawayOf((await renderReport(startsLowerEndsLevel(-1), LATE)).html);
    expect(lower).toContain("£1,620m less");
    expect(higher).not.toContain("less");
    expect(lower).not.toBe(higher);
    const fixture = makeFixtureSummary();
    const flipped = { ...fixture, paired: fixture.paired.map((d) => ({ ...d, mean: -d.mean, ciLow: -d.ciHigh, ciHigh: -d.ciLow, relative: { ...d.relative, mean: -d.relative.mean, ciLow: -d.relative.ciHigh, ciHigh: -d.relative.ciLow } })) };
    const up = takeawayOf((await renderReport(fixture, HEADLINE)).html);
    const down = takeawayOf((await renderReport(flipped, HEADLINE)).html);
    expect(up).toContain("ringfenced and pooled-budget end above status-quo");
    expect(down).toContain("ringfenced and pooled-budget end 7.4% and 2.7% below status-quo");
  });

  it("draws one group per future path and says which findings hold under every path", async () => {
    const a = startsLowerEndsLevel(1);
    const b = startsLowerEndsLevel(-1);
    const { html, charts } = await renderReport(a, { ...LATE, headline: { ...LATE.headline!, groups: [{ label: "growth 1.9%", summary: a }, { label: "growth 3.0%", summary: b }] } });
    const text = takeawayOf(html);
    expect(text).toContain("Under growth 1.9%: ");
    expect(text).toContain("Under growth 3.0%: ");
    expect(text.indexOf("£1,620m less")).toBeLessThan(text.indexOf("Under growth 3.0%"));
    const headline = charts.find((c) => c.subject === "headline")!;
    expect(headline.svg).toContain("growth 1.9%: 2034/35");
    expect(headline.svg).toContain("growth 3.0%: 2034/35");
    const same = takeaway({ phrase: "X", year: "Y", horizon: "over Z", money: String, groups: [
      { label: "p", baseline: "b", ownChanges: [-1], rows: [{ name: "s", final: { mean: -1, ciLow: -2, ciHigh: -0.5, relative: { n: 1, mean: -0.1, ciLow: -0.2, ciHigh: -0.05, p5: 0, p50: 0, p95: 0 } } }] },
      { label: "q", baseline: "b", ownChanges: [-1], rows: [{ name: "s", final: { mean: -1, ciLow: -2, ciHigh: -0.5, relative: { n: 1, mean: -0.1, ciLow: -0.2, ciHigh: -0.05, p5: 0, p50: 0, p95: 0 } } }] },
    ] });
    expect(same).toMatch(/^Under every path, s ends below b\./);
    // Two paths that say the same thing are said once.
    expect(same).toContain("Under every path: ");
    expect(same).not.toContain("Under p:");
    expect(same).not.toContain("Under q:");
  });
});
