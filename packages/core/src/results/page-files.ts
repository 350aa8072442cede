/**
 * Writing a rendered page and its charts (SVG, PNG, CSV) into a results folder, each file atomically (Node
 * only: the file system and resvg).
 * @packageDocumentation
 */
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import { CHARTS_DIR, REPORT_FILE, type RenderedPage, type WrittenPage } from "./page.js";

/**
 * Renders an SVG document to PNG at twice its size (headless, no browser), with the system's fonts (DejaVu
 * Sans first), white behind it.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return Buffer.from(resvg.render().asPng());
}

/**
 * Writes each chart as `<dir>/charts/<name>.svg`, with the CSV of its data and, for charts the page shows, a
 * PNG beside it; then `<dir>/report.html`. Each file is written atomically (complete or not at all), the page
 * last.
 */
export async function writeRenderedPage(dir: string, rendered: RenderedPage): Promise<WrittenPage> {
  const pngs = await Promise.all(rendered.charts.map((c) => (c.inPage === false ? Promise.resolve(undefined) : svgToPng(c.svg))));
  const charts = rendered.charts.map((c, i) => {
    const path = join(dir, CHARTS_DIR, c.file);
    writeFileAtomic(path, `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`);
    const base = path.replace(/\.svg$/, "");
    if (c.csv !== undefined) writeFileAtomic(`${base}.csv`, c.csv);
    const png = pngs[i];
    if (png !== undefined) writeFileAtomic(`${base}.png`, png);
    return path;
  });
  const html = join(dir, REPORT_FILE);
  writeFileAtomic(html, rendered.html);
  return { html, charts };
}
