/**
 * The built explorer in headless Chromium (Debian's, through playwright-core), against the CLI: a lever set, 2
 * arrangements × 20 ICB-size runs in Web Workers, and the paired difference the page prints is the one
 * `ringfence compare` prints for the same seed and the page's own scenario files, to the last digit (and the
 * mean in summary.json to the last bit); the shared link reproduces the numbers in a fresh page; a corrupted
 * link names the field and opens the nearest valid state; screenshots at 1400 and 390 px show the controls and
 * a filled chart, with no text under 11 px and every control labelled and reachable by keyboard.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import lzString from "lz-string";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { main } from "../../agents/src/cli/main.js";
import { encodeState, type ExplorerState } from "../src/state.js";

// lz-string is a CommonJS module: its functions are properties of the default export in Node and in a bundle.
const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = lzString;

/** Debian's Chromium (CI installs it with apt). */
const CHROMIUM = "/usr/bin/chromium";
const url = inject("explorerUrl");
const dir = mkdtempSync(join(tmpdir(), "ringfence-explorer-test-"));
const SEED = "explorer-20";
const RUNS = 20;
let browser: Browser;

/** What a finished batch shows: the CLI's table, and each arrangement's paired difference in full. */
interface Shown {
  readonly table: string;
  readonly means: Record<string, string>;
}

async function runAndRead(page: Page): Promise<Shown> {
  await page.click("#run");
  await page.waitForSelector("body[data-state=done], body[data-state=failed]", { timeout: 150_000 });
  expect(await page.getAttribute("body", "data-state"), (await page.textContent("#problems")) ?? "").toBe("done");
  const table = (await page.textContent("#summary-table")) ?? "";
  const means: Record<string, string> = {};
  for (const li of await page.locator("li.difference").all()) means[(await li.getAttribute("data-scenario"))!] = (await li.getAttribute("data-mean"))!;
  return { table, means };
}

async function open(href: string, width = 1400): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: width < 600 ? 844 : 900 } });
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto(href);
  await page.waitForSelector("body[data-state=ready]");
  return page;
}

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium`).toBe(true);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("the link", () => {
  it("holds every lever and every arrangement in at most 2,000 characters", () => {
    const state: ExplorerState = {
      version: 1,
      model: "@ringfence/agents@0.1.0+0123456789ab",
      arrangements: ["single-envelope", "place-pooled", "vanguard-pooled-core", "gpc-red-line", "iho-acute", "iho-federation"],
      baseline: "ring-fenced",
      population: "england",
      runs: 1000,
      seed: "a-long-seed-of-sixty-four-characters-0123456789-abcdefghijklmnop",
      levers: {
        "levers.noNewMoney": true,
        "levers.shiftOfCare.sharePerYear": 0.012345678901234,
        "levers.shiftOfCare.doubleRunningYears": 10,
        "levers.primaryCareShare.increase": 0.098765432109876,
        "levers.primaryCareShare.byYear": 2035,
        "governance.coreShiftPerYear": 0.123456789012345,
        "future.growth": "plan-then-2.5",
      },
    };
    const link = `http://127.0.0.1:4173/#${encodeState(state)}`;
    expect(link.length).toBeLessThanOrEqual(2000);
  });
});

describe("the explorer in a browser", () => {
  let shared = "";
  let first: Shown;

  it("runs 2 arrangements × 20 ICB runs with a lever set and prints the CLI's paired difference to the last digit", { timeout: 240_000 }, async () => {
    const page = await open(url);
    await page.selectOption("#population", "icb");
    await page.fill("#runs", String(RUNS));
    await page.fill("#seed", SEED);
    await page.fill("#lever-levers-shiftOfCare-sharePerYear", "0.01");
    await page.dispatchEvent("#controls", "change");
    first = await runAndRead(page);
    expect(Object.keys(first.means)).toEqual(["iho-acute"]);
    await page.locator("figure.chart").first().waitFor();
    shared = await page.inputValue("#link");

    // The page's scenario files and command, run by the CLI in Node.
    const command = (await page.textContent("#cli-command")) ?? "";
    expect(command).toBe(`npx ringfence compare ring-fenced.yaml iho-acute.yaml --population icb --runs ${RUNS} --seed ${SEED} --out results/explorer`);
    for (const id of ["ring-fenced", "iho-acute"]) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(`#yaml-files button:has-text("${id}.yaml")`)]);
      await download.saveAs(join(dir, `${id}.yaml`));
    }
    const out: string[] = [];
    const args = command.split(" ").slice(2).map((a) => (a.endsWith(".yaml") ? join(dir, a) : a === "results/explorer" ? join(dir, "cli") : a));
    const code = await main([...args, "--progress", "none"], { out: (s) => out.push(s), err: () => undefined, tty: false }, new AbortController().signal);
    expect(code).toBe(0);
    const printed = out.join("\n");
    expect(printed).toContain(first.table);
    const summary = JSON.parse(readFileSync(join(dir, "cli", "summary.json"), "utf8")) as { years: string[]; paired: { b: string; indicator: string; year: string; mean: number }[] };
    const last = summary.years[summary.years.length - 1];
    const cli = summary.paired.find((p) => p.b === "iho-acute" && p.indicator === "gpFundingPerWeightedPatient" && p.year === last);
    expect(String(cli?.mean)).toBe(first.means["iho-acute"]);
    // The row itself: the lever changed the numbers from the presets' (a different seed would too; this is the same one).
    expect(first.table).toMatch(/iho-acute +£\d+\.\d\d +[+−]£\d+\.\d\d/);
    await page.close();
  });

  it("opens the shared link in a fresh page with the same state and gets the same numbers", { timeout: 180_000 }, async () => {
    expect(shared.length).toBeGreaterThan(0);
    expect(new URL(shared).hash.length).toBeLessThanOrEqual(2000);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(shared);
    await page.waitForSelector("body[data-state=ready]");
    expect(await page.inputValue("#runs")).toBe(String(RUNS));
    expect(await page.inputValue("#seed")).toBe(SEED);
    expect(await page.inputValue("#lever-levers-shiftOfCare-sharePerYear")).toBe("0.01");
    expect(await page.isHidden("#problems")).toBe(true);
    const again = await runAndRead(page);
    expect(again).toEqual(first);
    await context.close();
  });

  it("names the wrong field of a corrupted link and opens the nearest valid state", async () => {
    const packed = new URL(shared).hash.replace(/^#s=/, "");
    const state = JSON.parse(decompressFromEncodedURIComponent(packed) ?? "{}") as Record<string, unknown>;
    const bad = { ...state, population: "wales", runs: 5000, levers: { ...(state.levers as object), "levers.shiftOfCare.sharePerYear": 0.5 } };
    const page = await open(`${url}#s=${compressToEncodedURIComponent(JSON.stringify(bad))}`);
    const problems = (await page.textContent("#problems")) ?? "";
    expect(problems).toContain("population");
    expect(problems).toContain('"wales"');
    expect(problems).toContain("runs");
    expect(problems).toContain("levers.shiftOfCare.sharePerYear");
    expect(await page.inputValue("#population")).toBe("icb");
    expect(await page.inputValue("#runs")).toBe("1000");
    expect(await page.inputValue("#lever-levers-shiftOfCare-sharePerYear")).toBe("0.05");
    // A link cut short: named as the link, and the page opens with its defaults.
    const cut = await open(`${url}#s=${packed.slice(0, 30)}`);
    expect((await cut.textContent("#problems")) ?? "").toContain("(link)");
    expect(await cut.inputValue("#runs")).toBe("50");
    await page.close();
    await cut.close();
  });

  it("at England size fetches and checks the register and shows every integrated care board", { timeout: 180_000 }, async () => {
    const page = await open(url);
    await page.selectOption("#population", "england");
    await page.fill("#runs", "2");
    await page.dispatchEvent("#controls", "change");
    await runAndRead(page);
    expect((await page.textContent("#ensemble")) ?? "").toContain("sha-256 checked");
    const rows = page.locator('table.icbs[data-scenario="iho-acute"] tbody tr');
    expect(await rows.count()).toBe(42);
    await page.close();
  });

  for (const width of [1400, 390]) {
    it(`at ${width} px: controls and a filled chart visible, text ≥ 11 px, every control labelled and reachable by keyboard`, { timeout: 120_000 }, async () => {
      const page = await open(shared, width);
      // Every enabled control of the form reached with Tab from the top of the freshly opened page.
      const controls = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>("#controls input:not([disabled]), #controls select, #controls button:not([disabled])")).map((c) => c.id));
      const reached = new Set<string>();
      for (let i = 0; i < controls.length + 5; i++) {
        await page.keyboard.press("Tab");
        reached.add(await page.evaluate(() => document.activeElement?.id ?? ""));
      }
      expect(controls.filter((id) => !reached.has(id))).toEqual([]);
      await page.fill("#runs", "4");
      await page.dispatchEvent("#controls", "change");
      await runAndRead(page);
      const chart = page.locator("figure.chart svg").first();
      await chart.waitFor();
      const box = await chart.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width + 1);
      await page.screenshot({ path: join(dir, `explorer-${width}.png`), fullPage: true });
      // Text: every element with its own text (HTML and the charts' SVG) at 11 px or more.
      const small = await page.evaluate(() => {
        const out: string[] = [];
        for (const e of Array.from(document.querySelectorAll("body *"))) {
          const own = Array.from(e.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
          if (!own || (e as HTMLElement).closest("[hidden]") !== null) continue;
          const size = Number.parseFloat(getComputedStyle(e).fontSize);
          if (size < 11) out.push(`${e.tagName} ${size}px "${(e.textContent ?? "").trim().slice(0, 30)}"`);
        }
        return out;
      });
      expect(small).toEqual([]);
      // Every control labelled.
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>("input, select, button"))
          .filter((c) => (c.labels?.length ?? 0) === 0 && (c.getAttribute("aria-label") ?? "") === "" && (c instanceof HTMLButtonElement ? (c.textContent ?? "").trim() === "" : true))
          .map((c) => c.id || c.outerHTML.slice(0, 60)),
      );
      expect(unlabelled).toEqual([]);
      // The controls are on screen at the top of the page.
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(await page.locator("#run").isVisible()).toBe(true);
      await page.close();
    });
  }
});
