/**
 * The shell every Ringfence HTML page shares (batch report, experiment report, backcast): one stylesheet,
 * a header with title, lede, facts and navigation, and a footer. Plain strings, no file access, so a browser
 * page renders the same; writing a page and its charts is `page-files.ts` (Node).
 * @packageDocumentation
 */
import { escapeHtml } from "./format.js";

/** File name of a report page inside its results folder. */
export const REPORT_FILE = "report.html";

/** Folder (inside the results folder) that holds each chart of a report as an SVG file. */
export const CHARTS_DIR = "charts";

/** The stylesheet every page starts from; a page adds its own rules after it (`PageOptions.css`). */
export const PAGE_CSS = `
:root{--ink:#1d2430;--muted:#5b6472;--line:#dfe3e8;--soft:#f5f7f9;--accent:#0b5cab}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.5 "DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif;overflow-wrap:break-word}
main{max-width:1180px;margin:0 auto;padding:32px 28px 48px}
header{border-bottom:3px solid var(--accent);padding-bottom:16px;margin-bottom:8px}
h1{font-size:28px;line-height:1.2;margin:0 0 8px}
h2{font-size:20px;margin:36px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:22px 0 8px}
p{margin:6px 0 12px;max-width:80ch}
.lede{color:var(--muted);font-size:16px}
.facts{display:flex;flex-wrap:wrap;gap:8px 28px;margin:12px 0 0;padding:0;list-style:none;color:var(--muted)}
.facts b{color:var(--ink);font-weight:600}
nav{margin:14px 0 0;font-size:14px;display:flex;flex-wrap:wrap;gap:4px 18px}
nav a{color:var(--accent);text-decoration:none}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,520px),1fr));gap:18px}
figure{margin:0;padding:12px;border:1px solid var(--line);border-radius:6px;background:#fff;min-width:0;overflow-x:auto}
figure svg{display:block;max-width:none;height:auto}
figure svg.sankey{max-width:100%}
figcaption{font-size:13px;color:var(--muted);margin-top:6px}
.chart-narrow{display:none}
p.download{font-size:13px;color:var(--muted);margin:4px 0 0}
.takeaway{font-size:21px;line-height:1.35;font-weight:600;max-width:62ch;margin:18px 0 12px;padding:0;border:0}
.table-wrap{overflow-x:auto;max-width:100%;background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) 0 0/40px 100% no-repeat local,linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) 100% 0/40px 100% no-repeat local,radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.25),rgba(0,0,0,0)) 0 0/14px 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.25),rgba(0,0,0,0)) 100% 0/14px 100% no-repeat scroll}
table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0 10px}
th{text-align:left;font-weight:600;color:var(--muted);border-bottom:2px solid var(--line);padding:6px 10px;vertical-align:bottom}
td{border-bottom:1px solid var(--line);padding:6px 10px;vertical-align:middle}
.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.ci{color:var(--muted);font-size:12px}
.empty{color:var(--muted);font-style:italic}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:7px;vertical-align:-1px}
dl.manifest{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 18px;margin:8px 0 14px}
dl.manifest dt{color:var(--muted)}
dl.manifest dd{margin:0;min-width:0}
code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere}
footer{margin-top:40px;color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:12px}
@media (max-width:600px){main{padding:12px 12px 32px}h1{font-size:21px;margin-bottom:4px}.lede{font-size:15px;margin:4px 0}.facts{gap:2px 16px;font-size:14px;margin-top:6px}nav{margin-top:8px;gap:2px 14px}header{padding-bottom:10px}figure{padding:6px}
.chart-wide{display:none}.chart-narrow{display:block}.takeaway{font-size:17px;margin:12px 0 8px}
.table-wrap table,.table-wrap tbody,.table-wrap tr,.table-wrap td{display:block;width:100%}
.table-wrap thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.table-wrap tr{border:1px solid var(--line);border-radius:6px;margin:0 0 10px;padding:4px 10px}
.table-wrap td{border:0;padding:3px 0;white-space:normal}
.table-wrap td[data-label]::before{content:attr(data-label);display:block;font-size:12px;color:var(--muted)}
.table-wrap .num{white-space:normal}}
@media print{main{max-width:none;padding:0}figure{break-inside:avoid}}
`;

/** What a page shows around its body. */
export interface PageOptions {
  /** Page title (plain text; escaped). */
  readonly title: string;
  /** A lede under the title (plain text); none when left out. */
  readonly intro?: string;
  /** Facts in the header, each the inner HTML of a list item (already escaped by the caller). */
  readonly facts: readonly string[];
  /** Navigation links: section id and label (plain text). */
  readonly nav: readonly (readonly [id: string, label: string])[];
  /** The page's sections (HTML). */
  readonly body: string;
  /** Rules added after {@link PAGE_CSS}. */
  readonly css?: string;
  /** The footer's sentence about charts saved as files (default: that each chart is saved in `charts/`). */
  readonly footer?: string;
}

/** A self-contained HTML page (no scripts, nothing from the network) in the shared shell. */
export function renderPage(o: PageOptions): string {
  const footer = o.footer ?? `Each chart is also saved as an SVG file in <code>${CHARTS_DIR}/</code>.`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@ringfence/core results">
<title>${escapeHtml(o.title)}</title>
<style>${PAGE_CSS}${o.css ?? ""}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(o.title)}</h1>
${o.intro === undefined ? "" : `<p class="lede">${escapeHtml(o.intro)}</p>`}
<ul class="facts">${o.facts.map((f) => `<li>${f}</li>`).join("")}</ul>
<nav>${o.nav.map(([id, text]) => `<a href="#${escapeHtml(id)}">${escapeHtml(text)}</a>`).join("")}</nav>
</header>
${o.body}
<footer>Self-contained report: no scripts, no network. ${footer}</footer>
</main>
</body>
</html>
`;
}

/** A rendered page and its charts, as the report renderers return them. */
export interface RenderedPage {
  /** The page. */
  readonly html: string;
  /** Each chart's file name (inside {@link CHARTS_DIR}), SVG, the CSV of its data, and whether the page shows it (then a PNG is written too). */
  readonly charts: readonly { readonly file: string; readonly svg: string; readonly csv?: string; readonly inPage?: boolean }[];
}

/** Paths of a written page and its charts. */
export interface WrittenPage {
  /** Path of the page. */
  readonly html: string;
  /** Paths of the chart files, in the order rendered. */
  readonly charts: readonly string[];
}
