/**
 * The reports the CLI writes (flagship, compare, experiment, backcast), opened in headless Chromium at desktop
 * (1400 × 900) and phone (390 × 844) sizes: a chart and the takeaway above the fold, no text under 11 px, no
 * table clipped sideways without a scroll cue, nothing wider than the screen, and the same colour for a preset
 * in every report. `--pdf` writes a one-page summary, and exits 2 with the install line when Chromium is
 * missing. Screenshots are saved beside each report for a look by eye.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PRESET_COLOURS } from "@ringfence/agents";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "./main.js";

/** Debian's Chromium (CI installs it with apt when missing). */
const CHROMIUM = "/usr/bin/chromium";
const root = mkdtempSync(join(tmpdir(), "ringfence-report-"));
const quiet = { out: () => undefined, err: () => undefined, tty: false };
const run = (args: string[]) => main(args, quiet, new AbortController().signal);
const REPORTS = {
  flagship: join(root, "flagship"),
  compare: join(root, "compare"),
  experiment: join(root, "experiment"),
  backcast: join(root, "backcast"),
} as const;
let browser: Browser;

beforeAll(async () => {
  const common = ["--population", "toy", "--workers", "1", "--progress", "none"];
  expect(await run(["flagship", "--years", "4", "--runs", "4", "--pdf", "--out", REPORTS.flagship, ...common])).toBe(0);
  expect(await run(["compare", "ring-fenced", "place-pooled", "iho-acute", "--years", "4", "--runs", "6", "--out", REPORTS.compare, ...common])).toBe(0);
  expect(await run(["explore", "packages/examples/experiments/iho-vs-ringfenced.yaml", "--samples", "4", "--population", "toy", "--workers", "1", "--out", REPORTS.experiment])).toBe(0);
  expect(await run(["backcast", "--runs", "4", "--population", "toy", "--workers", "1", "--out", REPORTS.backcast])).toBe(0);
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

/** What a page shows, measured in the browser. */
interface Seen {
  readonly takeawayTop: number;
  readonly chartTop: number;
  readonly small: readonly string[];
  readonly clipped: number;
  readonly wide: number;
  readonly scrollWidth: number;
  readonly colours: Readonly<Record<string, string>>;
}

async function look(file: string, width: number, height: number): Promise<Seen> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(pathToFileURL(file).href);
  const seen = await page.evaluate((): Seen => {
    const visible = (e: Element): boolean => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
    };
    const top = (e: Element | null): number => (e === null ? Number.POSITIVE_INFINITY : e.getBoundingClientRect().top + window.scrollY);
    const takeaway = document.querySelector(".takeaway");
    const chart = [...document.querySelectorAll("figure svg")].find(visible) ?? null;
    // Every piece of text drawn: HTML text at its computed size, SVG text at its size times the SVG's scale.
    const small: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el === null || (n.textContent ?? "").trim() === "" || !visible(el) || el.closest("title") !== null) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement) {
        const m = el.getScreenCTM();
        if (m !== null) size *= Math.hypot(m.a, m.b);
      }
      if (size < 10.95) small.push(`${size.toFixed(1)}px: ${(n.textContent ?? "").trim().slice(0, 40)}`);
    }
    // A table wider than its box must scroll with a visible cue (the wrapper's scroll shadows).
    const clipped = [...document.querySelectorAll(".table-wrap")].filter((w) => w.scrollWidth > w.clientWidth + 1 && !getComputedStyle(w).backgroundImage.includes("gradient")).length;
    const wide = [...document.querySelectorAll("body *")].filter((e) => {
      if (!visible(e)) return false;
      for (let p = e.parentElement; p !== null; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll") return false;
      }
      return e.getBoundingClientRect().right > window.innerWidth + 1;
    }).length;
    const colours: Record<string, string> = {};
    for (const s of document.querySelectorAll<HTMLElement>(".swatch[data-scenario]")) colours[s.dataset.scenario ?? ""] = getComputedStyle(s).backgroundColor;
    return { takeawayTop: top(takeaway), chartTop: top(chart), small, clipped, wide, scrollWidth: document.documentElement.scrollWidth, colours };
  });
  await page.screenshot({ path: file.replace(/report\.html$/, `screenshot-${width}.png`), fullPage: false });
  await page.close();
  return seen;
}

const rgb = (hex: string): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

describe("the reports in a browser", { timeout: 120_000 }, () => {
  const colours: Record<string, Record<string, string>> = {};
  for (const [name, dir] of Object.entries(REPORTS)) {
    for (const [width, height] of [
      [1400, 900],
      [390, 844],
    ] as const) {
      it(`${name} at ${width} × ${height}: a chart and the takeaway above the fold, no text under 11 px, no clipped table, nothing wider than the screen`, async () => {
        const seen = await look(join(dir, "report.html"), width, height);
        expect(seen.takeawayTop).toBeLessThan(height);
        expect(seen.chartTop).toBeLessThan(height);
        expect(seen.small).toEqual([]);
        expect(seen.clipped).toBe(0);
        expect(seen.wide).toBe(0);
        expect(seen.scrollWidth).toBeLessThanOrEqual(width);
        colours[`${name} ${width}`] = { ...seen.colours };
      });
    }
  }
  it("gives each preset the same colour in every report: its palette colour", () => {
    const byPreset = new Map<string, Set<string>>();
    for (const found of Object.values(colours)) for (const [id, c] of Object.entries(found)) byPreset.set(id, (byPreset.get(id) ?? new Set()).add(c));
    for (const id of ["ring-fenced", "place-pooled", "iho-acute", "baseline-2014"] as const) {
      expect([...(byPreset.get(id) ?? [])], id).toEqual([rgb(PRESET_COLOURS[id])]);
    }
    // The flagship shows all seven arrangements; the experiment and backcast reports show theirs.
    expect(Object.keys(colours["flagship 1400"] ?? {}).length).toBeGreaterThanOrEqual(7);
    expect(colours["experiment 390"]?.["iho-acute"]).toBe(rgb(PRESET_COLOURS["iho-acute"]));
    expect(colours["backcast 390"]?.["baseline-2014"]).toBe(rgb(PRESET_COLOURS["baseline-2014"]));
  });
});

describe("--pdf", { timeout: 300_000 }, () => {
  it("writes a one-page summary with the headline chart and the table", () => {
    const pdf = readFileSync(join(REPORTS.flagship, "summary.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length).toBe(1);
    const html = readFileSync(join(REPORTS.flagship, "summary.html"), "utf8");
    expect(html).toContain('class="takeaway"');
    expect(html).toContain('class="headline reflow"');
    expect(html).toContain("Assumptions and sources");
  });

  it("exits 2 with the install line when Chromium is missing, before any run and writing nothing", async () => {
    const out = join(root, "no-pdf");
    const err: string[] = [];
    const before = process.env.RINGFENCE_CHROMIUM;
    process.env.RINGFENCE_CHROMIUM = join(root, "no-such-chromium");
    try {
      const code = await main(["compare", "ring-fenced", "iho-acute", "--population", "toy", "--years", "2", "--runs", "2", "--pdf", "--out", out, "--progress", "none"], { out: () => undefined, err: (l) => err.push(l), tty: false }, new AbortController().signal);
      expect(code).toBe(2);
    } finally {
      if (before === undefined) delete process.env.RINGFENCE_CHROMIUM;
      else process.env.RINGFENCE_CHROMIUM = before;
    }
    expect(err.join("\n")).toContain("apt-get install -y chromium");
    expect(err.join("\n")).toContain("--pdf");
    expect(existsSync(out)).toBe(false);
  });
});
