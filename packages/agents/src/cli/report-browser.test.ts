/**
 * The report a batch writes, opened in headless Chromium at desktop (1400 px) and phone (390 px) widths: the
 * headline comes first, the money-flow diagram is there, and nothing is wider than the screen. Screenshots
 * are saved beside the report for a look by eye.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "./main.js";

/** Debian's Chromium (CI installs it with apt when missing). */
const CHROMIUM = "/usr/bin/chromium";
const out = join(mkdtempSync(join(tmpdir(), "ringfence-report-")), "report");
let browser: Browser;

beforeAll(async () => {
  const code = await main(
    ["compare", "ring-fenced", "place-pooled", "iho-acute", "--population", "toy", "--years", "4", "--runs", "6", "--workers", "1", "--out", out, "--progress", "none"],
    { out: () => undefined, err: () => undefined, tty: false },
    new AbortController().signal,
  );
  expect(code).toBe(0);
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("the batch report in a browser", { timeout: 60_000 }, () => {
  for (const width of [1400, 390]) {
    it(`at ${width} px: headline first, a money-flow diagram per scenario, nothing wider than the screen`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(join(out, "report.html")).href);
      const found = await page.evaluate(() => {
        const headline = document.querySelector("table");
        const firstHeading = [...document.querySelectorAll("h2")].map((h) => h.textContent ?? "")[0] ?? "";
        const sankeys = [...document.querySelectorAll("svg")].filter((s) => (s.getAttribute("aria-label") ?? s.textContent ?? "").toLowerCase().includes("cash")).length;
        const wide = [...document.querySelectorAll("body *")].filter((e) => {
          const r = e.getBoundingClientRect();
          // Elements inside a scrolling box may be wider than the screen: their box scrolls, the page does not.
          let p = e.parentElement;
          while (p !== null) {
            const o = getComputedStyle(p).overflowX;
            if (o === "auto" || o === "scroll") return false;
            p = p.parentElement;
          }
          return r.right > window.innerWidth + 1;
        }).length;
        return { hasTable: headline !== null, firstHeading, sankeys, wide, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, text: document.body.innerText };
      });
      await page.screenshot({ path: join(out, `screenshot-${width}.png`), fullPage: false });
      await page.close();
      expect(found.hasTable).toBe(true);
      expect(found.firstHeading.toLowerCase()).toContain("answer");
      expect(found.text).toMatch(/place-pooled|Place boards/);
      expect(found.sankeys).toBeGreaterThanOrEqual(3);
      expect(found.wide).toBe(0);
      expect(found.scrollWidth).toBeLessThanOrEqual(found.innerWidth);
    });
  }
});
