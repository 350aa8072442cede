/**
 * The README and the docs, checked as a user would use them: the "In code" snippet runs from the repository
 * root and typechecks under the repository's own settings; the cheap `ringfence` commands it shows run
 * verbatim; every relative link in the README and docs/ resolves.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { flagshipSection, readDigest, sectionOf } from "./readme-flagship.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const snippet = /<!-- in-code:start -->\s*```ts\n([\s\S]*?)```\s*<!-- in-code:end -->/.exec(readme)?.[1] ?? "";
const file = join(root, `.readme-snippet-${process.pid}.ts`);
const tsconfig = join(root, `.readme-tsconfig-${process.pid}.json`);

afterAll(() => {
  rmSync(file, { force: true });
  rmSync(tsconfig, { force: true });
});

describe("README", { timeout: 240_000 }, () => {
  it("has the flagship table and findings exactly as the script writes them from docs/flagship-summary.json", () => {
    const digest = readDigest();
    expect(digest.paths.length).toBe(3);
    for (const p of digest.paths) expect(p.rows.length).toBe(7);
    const section = sectionOf(readme);
    expect(section).toBe(flagshipSection(digest).trim());
    // Every path's table, every arrangement's row, and a finding that names a number of the digest.
    for (const p of digest.paths) expect(section).toContain(`(\`future.growth: ${p.path}\`)`);
    for (const r of digest.paths[0]!.rows) expect(section).toContain(`| ${r.id} |`);
    expect(section).toMatch(/\*\*(Under every path, [^\n]*)?General practice funding per weighted patient (falls|rises)/);
  });

  it("would fail if a number in the README were edited by hand", () => {
    const digest = readDigest();
    const edited = { ...digest, paths: digest.paths.map((p, k) => (k === 1 ? { ...p, rows: p.rows.map((r, i) => (i === 2 ? { ...r, level: r.level + 1 } : r)) } : p)) };
    expect(flagshipSection(edited).trim()).not.toBe(sectionOf(readme));
  });

  it("has an In code snippet that runs from the repository root and prints what it says", () => {
    expect(snippet).toContain("runScenarioBatch");
    writeFileSync(file, snippet);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", timeout: 200_000 });
    expect(r.status, r.stderr).toBe(0);
    const [first, second] = r.stdout.trim().split("\n");
    expect(first).toMatch(/^2035\/36 \d+\.\d+$/);
    expect(second).toMatch(/^iho-acute vs ring-fenced in 2035\/36: £-?\d+\.\d\d \(95% interval £-?\d+\.\d\d to £-?\d+\.\d\d\)$/);
  });

  it("has an In code snippet that typechecks under the repository's settings", () => {
    writeFileSync(file, snippet);
    writeFileSync(tsconfig, JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, sourceMap: false }, files: [file] }));
    const r = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("shows ringfence commands that run verbatim (the cheap ones; CI runs them all)", () => {
    const commands = readme.split("\n").filter((l) => /^npx ringfence (list|params|validate|schema)\b/.test(l));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    for (const line of commands) {
      const command = line.replace(/\s+#.*$/, "").replace(/\s*>\s*\S+$/, "");
      const r = spawnSync("sh", ["-c", command], { cwd: root, encoding: "utf8", timeout: 60_000 });
      expect(r.status, `${command}: ${r.stderr}`).toBe(0);
      if (command.includes("schema")) expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    }
  });
});

describe("docs/concepts.md", { timeout: 120_000 }, () => {
  it("has a model example that runs and typechecks", () => {
    const concepts = readFileSync(join(root, "docs", "concepts.md"), "utf8");
    const code = /<!-- concepts:start -->\s*```ts\n([\s\S]*?)```\s*<!-- concepts:end -->/.exec(concepts)?.[1] ?? "";
    expect(code).toContain("defineModel");
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const values = JSON.parse(r.stdout.trim().replace(/\s+/g, " ").replace(/^\[ /, "[").replace(/ \]$/, "]").replace(/, /g, ",")) as number[];
    expect(values).toHaveLength(2);
    expect(values[1]!).toBeGreaterThan(values[0]!);
    writeFileSync(tsconfig, JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, sourceMap: false }, files: [file] }));
    const t = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(t.stdout + t.stderr).toBe("");
  });
});

describe("docs/calibration.md", { timeout: 120_000 }, () => {
  it("has a methods example (history matching, posterior, forward draws) that runs and typechecks", () => {
    const page = readFileSync(join(root, "docs", "calibration.md"), "utf8");
    const code = /<!-- methods:start -->\s*```ts\n([\s\S]*?)```\s*<!-- methods:end -->/.exec(page)?.[1] ?? "";
    expect(code).toContain("runHistoryMatching");
    writeFileSync(file, code);
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", timeout: 100_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const volumes = lines.slice(0, 3).map((l) => Number(/^wave \d: non-implausible volume (\d+\.\d+)%$/.exec(l)?.[1]));
    for (let k = 1; k < 3; k++) expect(volumes[k]!).toBeLessThan(volumes[k - 1]!);
    const [, ess, distinct] = /^ESS (\d+) of 500, (\d+) distinct$/.exec(lines[3] ?? "") ?? [];
    expect(Number(ess)).toBeGreaterThanOrEqual(250);
    expect(Number(distinct)).toBeGreaterThanOrEqual(450);
    expect(lines[4]).toMatch(/^\d+ distinct parameter sets in 100 forward runs$/);
    writeFileSync(tsconfig, JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, sourceMap: false }, files: [file] }));
    const t = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(t.stdout + t.stderr).toBe("");
  });
});

describe("docs", () => {
  it("link only to files that exist", () => {
    const pages = [join(root, "README.md"), ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join(root, "docs", f))];
    const reference = join(root, "docs", "reference");
    if (existsSync(reference)) pages.push(...readdirSync(reference).filter((f) => f.endsWith(".md")).map((f) => join(reference, f)));
    const broken: string[] = [];
    for (const page of pages) {
      for (const m of readFileSync(page, "utf8").matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(resolve(dirname(page), target))) broken.push(`${page.slice(root.length)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
