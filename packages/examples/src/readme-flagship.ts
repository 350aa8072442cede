/**
 * The README's flagship section, written from the numbers only. `npm run readme:flagship` runs the flagship
 * comparison, keeps the few numbers the README needs in `docs/flagship-summary.json` (committed), and writes
 * the section between `<!-- flagship:start -->` and `<!-- flagship:end -->` from that file; a test fails when
 * the README and the committed summary disagree.
 *
 *   npx tsx packages/examples/src/readme-flagship.ts --from results/flagship               # keep the numbers, write the README
 *   npx tsx packages/examples/src/readme-flagship.ts                                          # write the README from the kept numbers
 *   npx tsx packages/examples/src/readme-flagship.ts --check                                  # exit 1 if the README disagrees
 * @packageDocumentation
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { existsSync } from "node:fs";
import { GP_REACHED, GROUP_LABELS, GROWTH_PATH_LABELS, HEADLINE_INDICATOR, INDICATORS, SHIPPED_GROWTH_PATHS, type GrowthPath } from "@ringfence/agents";
import type { BatchSummary } from "@ringfence/core/batch";
import { finalRecipients, RETURNED_SUFFIX, takeaway } from "@ringfence/core/results";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
/** The committed numbers the README's flagship section is written from. */
export const DIGEST_FILE = join(ROOT, "docs", "flagship-summary.json");
const START = "<!-- flagship:start -->";
const END = "<!-- flagship:end -->";
/** The money indicator added up over the horizon. */
const ADDED = "gpFundingReal";

interface Interval {
  readonly mean: number;
  readonly ciLow: number;
  readonly ciHigh: number;
}

/** One arrangement's numbers in the digest. */
export interface DigestRow {
  /** Preset id. */
  readonly id: string;
  /** Final-year mean of the headline indicator. */
  readonly level: number;
  /** Final-year paired difference from the baseline (null for the baseline). */
  readonly difference: Interval | null;
  /** Its relative difference. */
  readonly relative: Interval | null;
  /** The money indicator's difference added up over the horizon, £m. */
  readonly added: Interval | null;
  /** Own change from the first year: median and the band holding 90% of runs. */
  readonly own: { readonly p50: number; readonly p5: number; readonly p95: number };
  /** Probability of a fall of more than the threshold below the own start, with its Wilson interval. */
  readonly erosion: { readonly probability: number; readonly low: number; readonly high: number; readonly threshold: number };
  /** General practice money that did not reach practices or PCN staff in the final year, £m cash, by where it ended up. */
  readonly lost: Readonly<Record<string, number>>;
}

/** One growth path's numbers in the digest. */
export interface PathDigest {
  /** The growth path (`future.growth`). */
  readonly path: GrowthPath;
  /** Its words. */
  readonly label: string;
  /** One row per arrangement, in batch order. */
  readonly rows: readonly DigestRow[];
}

/** The few numbers of a flagship run the README needs. */
export interface FlagshipDigest {
  /** Producer of the batch. */
  readonly producer: string;
  /** Master seed. */
  readonly seed: string;
  /** Runs per arrangement. */
  readonly runs: number;
  /** First and final financial years. */
  readonly years: readonly [string, string];
  /** The baseline's id. */
  readonly baseline: string;
  /** The conditions every number holds under, in words. */
  readonly conditions: readonly string[];
  /** One entry per growth path, in the flagship's order. */
  readonly paths: readonly PathDigest[];
}

const round = (x: number, digits = 6): number => Number(x.toFixed(digits));
const interval = (x: Interval): Interval => ({ mean: round(x.mean), ciLow: round(x.ciLow), ciHigh: round(x.ciHigh) });

/** Keeps what the README needs of one growth path's flagship batch summary. */
export function rowsOf(summary: BatchSummary): DigestRow[] {
  const last = summary.years[summary.years.length - 1] ?? "";
  return summary.scenarios.map((id): DigestRow => {
    const base = id === summary.baseline;
    const d = summary.paired.find((p) => p.a === summary.baseline && p.b === id && p.indicator === HEADLINE_INDICATOR && p.year === last);
    const c = summary.cumulative.find((p) => p.b === id && p.indicator === ADDED);
    const own = summary.change.find((x) => x.scenario === id && x.indicator === HEADLINE_INDICATOR)!.change;
    const e = summary.erosion.find((x) => x.scenario === id && x.indicator === HEADLINE_INDICATOR)!;
    const ends = finalRecipients(summary.flows.filter((f) => f.scenario === id && f.year === last).map((f) => ({ from: f.from, to: f.to, pence: f.meanPence })));
    const lost: Record<string, number> = {};
    for (const r of ends) if (!(GP_REACHED as readonly string[]).includes(r.group) && round(r.pence / 1e8, 3) > 0) lost[r.id] = round(r.pence / 1e8, 3);
    return {
      id,
      level: round(summary.indicators[id]![HEADLINE_INDICATOR]!.at(-1)!.mean),
      difference: base || d === undefined ? null : interval(d),
      relative: base || d === undefined ? null : interval(d.relative),
      added: base || c === undefined ? null : interval(c),
      own: { p50: round(own.p50), p5: round(own.p5), p95: round(own.p95) },
      erosion: { probability: round(e.probability), low: round(e.low), high: round(e.high), threshold: e.threshold },
      lost,
    };
  });
}

/** Keeps what the README needs of a flagship run: each growth path's batch summary, in the flagship's order. */
export function digestOf(summaries: readonly { readonly path: GrowthPath; readonly summary: BatchSummary }[]): FlagshipDigest {
  const first = summaries[0]!.summary;
  return {
    producer: first.manifest.producer,
    seed: first.masterSeed,
    runs: first.runs,
    years: [first.years[0] ?? "", first.years[first.years.length - 1] ?? ""],
    baseline: first.baseline,
    conditions: [
      "the history 2014/15–2025/26 as it happened, then each arrangement from 2026/27",
      `one batch per NHS real growth path (${summaries.map((s) => s.path).join(", ")}), the same run seeds in each`,
      "uncertain parameters drawn by run from the shipped posterior ensemble",
    ],
    paths: summaries.map((s) => ({ path: s.path, label: GROWTH_PATH_LABELS[s.path], rows: rowsOf(s.summary) })),
  };
}

/** Reads a flagship results folder: `<path>/summary.json` for each shipped growth path found there. */
export function readFlagshipFolder(dir: string): { readonly path: GrowthPath; readonly summary: BatchSummary }[] {
  const found = SHIPPED_GROWTH_PATHS.filter((p) => existsSync(join(dir, p, "summary.json")));
  if (found.length === 0) throw new Error(`${dir}: expected <path>/summary.json for the growth paths ${SHIPPED_GROWTH_PATHS.join(", ")} (a flagship results folder)`);
  return found.map((path) => ({ path, summary: JSON.parse(readFileSync(join(dir, path, "summary.json"), "utf8")) as BatchSummary }));
}

const money = (x: number): string => `${x < 0 ? "−" : ""}£${Math.abs(x).toFixed(2)}`;
const signed = (x: number): string => `${x < 0 ? "−" : "+"}£${Math.abs(x).toFixed(2)}`;
const pct = (x: number): string => `${x < 0 ? "−" : "+"}${Math.abs(100 * x).toFixed(1)}%`;
const millions = (x: number, sign = true): string => `${x < 0 ? "−" : sign ? "+" : ""}£${Math.round(Math.abs(x)).toLocaleString("en-GB")}m`;
const destination = (id: string): string => (id.endsWith(RETURNED_SUFFIX) ? `back to the ${GROUP_LABELS[id.slice(0, -RETURNED_SUFFIX.length) as keyof typeof GROUP_LABELS] ?? id}` : `to the ${GROUP_LABELS[id as keyof typeof GROUP_LABELS] ?? id}`);

/** The README's flagship section (between the markers), written from the digest only. */
export function flagshipSection(d: FlagshipDigest): string {
  const [first, last] = d.years;
  const info = INDICATORS[HEADLINE_INDICATOR];
  const threshold = d.paths[0]?.rows[0]?.erosion.threshold ?? 0.02;
  const head = `| arrangement | ${last} mean | vs ${d.baseline}: mean (95% interval of the mean) | relative | added up ${first}–${last}, £m (95% interval of the mean) | own change: median (90% of runs) | P(fall > ${(100 * threshold).toFixed(0)}%) |`;
  const rule = "|---|---|---|---|---|---|---|";
  const table = (rows: readonly DigestRow[]): string[] =>
    rows.map((r) => {
      const cells = [
        r.id,
        money(r.level),
        r.difference === null ? "(baseline)" : `${signed(r.difference.mean)} (${signed(r.difference.ciLow)} to ${signed(r.difference.ciHigh)})`,
        r.relative === null ? "" : `${pct(r.relative.mean)} (${pct(r.relative.ciLow)} to ${pct(r.relative.ciHigh)})`,
        r.added === null ? "" : `${millions(r.added.mean)} (${millions(r.added.ciLow)} to ${millions(r.added.ciHigh)})`,
        `${pct(r.own.p50)} (${pct(r.own.p5)} to ${pct(r.own.p95)})`,
        `${(100 * r.erosion.probability).toFixed(0)}% (${(100 * r.erosion.low).toFixed(0)}–${(100 * r.erosion.high).toFixed(0)}%)`,
      ];
      return `| ${cells.join(" | ")} |`;
    });
  const sentence = takeaway({
    phrase: "General practice funding per weighted patient",
    year: last,
    horizon: `over ${first}–${last}`,
    money: (x) => millions(x, false),
    groups: d.paths.map((p) => ({
      label: p.label,
      baseline: d.baseline,
      ownChanges: p.rows.map((r) => r.own.p50),
      rows: p.rows
        .filter((r) => r.difference !== null && r.relative !== null)
        .map((r) => ({ name: r.id, final: { ...r.difference!, relative: { n: d.runs, ...r.relative!, p5: Number.NaN, p50: Number.NaN, p95: Number.NaN } }, ...(r.added === null ? {} : { cumulative: r.added }) })),
    })),
  });
  const where = (rows: readonly DigestRow[]): string =>
    rows
      .map((r) => {
        const total = Object.values(r.lost).reduce((a, b) => a + b, 0);
        const top = Object.entries(r.lost).sort((a, b) => b[1] - a[1])[0];
        if (top === undefined || total <= 0) return `- ${r.id}: all of it reaches practices and PCN staff.`;
        return `- ${r.id}: ${millions(total, false)} a year does not reach practices or PCN staff, ${(100 * (top[1] / total)).toFixed(0)}% of it ${destination(top[0])}.`;
      })
      .join("\n");
  const tables = d.paths.flatMap((p) => [`Under ${p.label} (\`future.growth: ${p.path}\`):`, "", head, rule, ...table(p.rows), ""]);
  const middle = d.paths[Math.floor(d.paths.length / 2)]!;
  const base = middle.rows.find((r) => r.id === d.baseline);
  const lostBase = base === undefined ? 0 : Object.values(base.lost).reduce((a, b) => a + b, 0);
  return [
    `${info.label} in ${last} (${info.unit}; money added up over the years in the same prices), ${d.runs} runs per arrangement with the same run seeds in every arrangement; differences are paired run by run against ${d.baseline}. Conditions: ${d.conditions.join("; ")}.`,
    "",
    ...tables,
    `**${sentence}**`,
    "",
    `Where general practice money that did not reach practices or PCN staff went in ${last} under ${middle.label} (mean per year, cash; ${d.baseline} loses ${millions(lostBase, false)} a year to unspent lines and underspends returned to the ICB):`,
    "",
    where(middle.rows),
  ].join("\n");
}

/** The README with its flagship section replaced. */
export function withSection(readme: string, section: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md: expected the markers ${START} and ${END}`);
  return `${readme.slice(0, a + START.length)}\n${section}\n${readme.slice(b)}`;
}

/** The section as the README has it now. */
export function sectionOf(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md: expected the markers ${START} and ${END}`);
  return readme.slice(a + START.length, b).trim();
}

/** Reads the committed digest. */
export function readDigest(): FlagshipDigest {
  return JSON.parse(readFileSync(DIGEST_FILE, "utf8")) as FlagshipDigest;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const from = args.indexOf("--from");
  if (from >= 0) {
    writeFileSync(DIGEST_FILE, `${JSON.stringify(digestOf(readFlagshipFolder(args[from + 1] ?? "")), null, 1)}\n`);
    console.log(`kept the README's numbers in ${DIGEST_FILE}`);
  }
  const readmePath = join(ROOT, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const section = flagshipSection(readDigest());
  if (args.includes("--check")) {
    if (sectionOf(readme) !== section.trim()) {
      console.error("README.md's flagship section differs from what docs/flagship-summary.json gives: run npm run readme:flagship");
      process.exit(1);
    }
    console.log("README.md's flagship section agrees with docs/flagship-summary.json");
  } else {
    writeFileSync(readmePath, withSection(readme, section));
    console.log("wrote README.md's flagship section");
  }
}
