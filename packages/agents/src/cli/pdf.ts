/**
 * `--pdf`: the one-page summary printed to PDF by headless Chromium (Debian's, through playwright-core).
 * @packageDocumentation
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ConfigError } from "@ringfence/core";

/** Where Chromium is looked for: `$RINGFENCE_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  const env = process.env.RINGFENCE_CHROMIUM;
  return env === undefined || env === "" ? "/usr/bin/chromium" : env;
}

/** The line that installs Chromium, printed when it is missing. */
export const CHROMIUM_INSTALL = "sudo apt-get install -y chromium";

/** Refuses `--pdf` before any run when Chromium is not there (bad input: exit 2, nothing written). */
export function checkChromium(): void {
  const path = chromiumPath();
  if (existsSync(path)) return;
  throw new ConfigError("command line", [
    { path: "--pdf", expected: "headless Chromium", value: path, message: `--pdf: Chromium not found at ${path}; install it with: ${CHROMIUM_INSTALL} (or set RINGFENCE_CHROMIUM to its path)` },
  ]);
}

/** A4 landscape less 10 mm margins, in CSS px (96 per inch). */
const PAGE = { width: Math.floor((277 / 25.4) * 96), height: Math.floor((190 / 25.4) * 96) };

/**
 * Prints an HTML file to a one-page A4 landscape PDF: the page is scaled down until it fits one sheet. The
 * PDF appears complete or not at all.
 */
export async function printOnePage(htmlPath: string, pdfPath: string): Promise<void> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const temp = `${pdfPath}.${process.pid}.tmp`;
  try {
    const page = await browser.newPage({ viewport: PAGE });
    await page.goto(pathToFileURL(htmlPath).href);
    await page.emulateMedia({ media: "print" });
    let scale = 1;
    // A wider viewport reflows the page shorter, so the scale is found in a few rounds (several growth paths
    // make the headline chart tall).
    for (let i = 0; i < 8; i++) {
      const height = await page.evaluate("document.documentElement.scrollHeight");
      if (typeof height !== "number") break;
      if (height * scale <= PAGE.height) break;
      scale = Math.max(0.2, (scale * PAGE.height) / height) * 0.97;
      await page.setViewportSize({ width: Math.floor(PAGE.width / scale), height: PAGE.height });
    }
    await page.pdf({ path: temp, format: "A4", landscape: true, printBackground: true, scale, margin: { top: "10mm", bottom: "10mm", left: "10mm", right: "10mm" } });
    renameSync(temp, pdfPath);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  } finally {
    await browser.close();
  }
}
