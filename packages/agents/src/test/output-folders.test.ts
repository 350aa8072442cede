/**
 * Output folders the tool owns: every command that writes (run, compare, flagship, explore, calibrate,
 * backcast) refuses a folder it did not write, a symlink, a mount point and the current directory before any
 * run, leaving every byte as it was; a folder it wrote before is replaced only in the files its manifest names.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { checkOutputFolder, isMountPoint, OutputFolderRefused, parseManifest } from "@ringfence/core/batch";
import { afterAll, describe, expect, it } from "vitest";
import { writeExperiment } from "../experiments/write-experiment.js";
import { runExperiment } from "../experiments/run-experiment.js";
import type { ExperimentResult } from "../experiments/run-experiment.js";
import { cli, contentSnapshot, ownedFolder, put, STACK_TRACE, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-out-");
afterAll(() => rmSync(root, { recursive: true, force: true }));
const agentsDir = fileURLToPath(new URL("../..", import.meta.url));
const cliPath = fileURLToPath(new URL("../cli/ringfence.ts", import.meta.url));
const EXPERIMENT = fileURLToPath(new URL("../../../examples/experiments/iho-vs-ringfenced.yaml", import.meta.url));

/** A folder that looks like someone's project: a git repository and a thesis. */
function decoy(dir: string): string {
  mkdirSync(join(dir, ".git", "objects"), { recursive: true });
  writeFileSync(join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
  writeFileSync(join(dir, ".git", "config"), "[core]\n\trepositoryformatversion = 0\n");
  writeFileSync(join(dir, ".git", "objects", "ab"), Buffer.from([0, 1, 2, 255]));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "thesis.tex"), "\\documentclass{article}\n\\begin{document}Years of work.\\end{document}\n");
  return dir;
}

/** The command line of each writing command, at the smallest size, writing into `out`. */
const COMMANDS: Record<string, (out: string) => string[]> = {
  run: (out) => ["run", "ring-fenced", "--population", "toy", "--runs", "2", "--years", "2", "--workers", "1", "--progress", "none", "--out", out],
  compare: (out) => ["compare", "ring-fenced", "iho-acute", "--population", "toy", "--runs", "2", "--years", "2", "--workers", "1", "--progress", "none", "--out", out],
  flagship: (out) => ["flagship", "--population", "toy", "--runs", "2", "--years", "2", "--workers", "1", "--progress", "none", "--out", out],
  explore: (out) => ["explore", EXPERIMENT, "--population", "toy", "--samples", "2", "--workers", "1", "--out", out],
  calibrate: (out) => ["calibrate", "--population", "toy", "--waves", "1", "--design", "40", "--particles", "50", "--check", "1", "--workers", "1", "--out", out],
  backcast: (out) => ["backcast", "--population", "toy", "--runs", "2", "--workers", "1", "--out", out],
};

/** A batch's start line (printed once the runs are about to start). */
const STARTED = /× \d+ runs|ringfence (explore|calibrate|backcast):/;

describe("a folder ringfence did not write is refused up front with exit 2, and survives byte for byte", () => {
  for (const [command, args] of Object.entries(COMMANDS)) {
    it(command, { timeout: 60_000 }, async () => {
      const parent = join(root, `decoy-${command}`);
      const out = decoy(join(parent, "project"));
      const before = contentSnapshot(parent);
      const r = await cli(args(out));
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("--out: expected a new path, an empty folder, or a folder ringfence wrote before");
      expect(r.err).toMatch(/a folder ringfence did not write \(it holds \.git, src, and no \.ringfence-manifest\.json\)/);
      expect(r.err).not.toMatch(STARTED);
      expect(r.err).not.toMatch(STACK_TRACE);
      // Not a byte changed, and nothing beside it either (no lock, journal or temporary folder).
      expect(contentSnapshot(parent)).toEqual(before);
    });
  }
});

describe("other paths that are not the tool's to replace", () => {
  it("a symlink to an empty folder is refused, and the folder stays empty", async () => {
    const dir = join(root, "symlink");
    mkdirSync(join(dir, "real"), { recursive: true });
    symlinkSync(join(dir, "real"), join(dir, "out"));
    const before = contentSnapshot(dir);
    const r = await cli(COMMANDS.run!(join(dir, "out")));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/--out: expected .*, got ".*\/out" \(a symbolic link/);
    expect(contentSnapshot(dir)).toEqual(before);
  });
  it("a symlink to a folder ringfence wrote is refused too (and a trailing slash changes nothing)", async () => {
    const dir = join(root, "symlink-owned");
    ownedFolder(join(dir, "real"), { "summary.json": "{}" });
    symlinkSync(join(dir, "real"), join(dir, "out"));
    const before = contentSnapshot(dir);
    for (const out of [join(dir, "out"), `${join(dir, "out")}/`]) {
      const r = await cli(COMMANDS.compare!(out));
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("a symbolic link");
    }
    expect(contentSnapshot(dir)).toEqual(before);
  });
  it("a mount point is refused before any run (/proc, whatever it holds)", async () => {
    expect(isMountPoint("/proc")).toBe(true);
    const r = await cli(COMMANDS.run!("/proc"));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain("a mount point");
    expect(r.err).not.toMatch(STARTED);
  });
  it("an empty mount point is refused before any run (a tmpfs, where mounting is allowed)", async () => {
    const mnt = join(root, "mnt");
    mkdirSync(mnt);
    expect(isMountPoint(mnt)).toBe(false);
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt]).status !== 0) return expect.soft(true, "mount is not allowed here: the empty mount point case was not run").toBe(true);
    try {
      expect(isMountPoint(mnt)).toBe(true);
      const r = await cli(COMMANDS.run!(mnt));
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("a mount point");
      expect(readdirSync(mnt)).toEqual([]);
    } finally {
      spawnSync("umount", [mnt]);
    }
  });
  it("--out . in a project, and a folder holding the current directory, are refused (a real process in that directory)", { timeout: 60_000 }, () => {
    const project = decoy(join(root, "cwd-project"));
    const before = contentSnapshot(project);
    const inside = join(project, "src");
    for (const [cwd, out] of [
      [project, "."],
      [inside, ".."],
    ] as const) {
      // tsx by its own path: the project folder has no node_modules to find it in.
      const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(agentsDir, "node_modules", "tsx", "dist", "loader.mjs")).href, "--conditions=source", cliPath, ...COMMANDS.run!(out)], { cwd, encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(cwd === project ? /got "\." \(the current directory\)/ : /got "\.\." \(a folder holding the current directory/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
    expect(contentSnapshot(project)).toEqual(before);
  });
  it("a folder whose manifest is damaged is refused", async () => {
    const dir = join(root, "damaged");
    const out = ownedFolder(join(dir, "out"), { "summary.json": "{}" });
    writeFileSync(join(out, ".ringfence-manifest.json"), '{"tool":"ringfence","version":1,"command":"run","files":["../../thesis.tex"]}');
    const before = contentSnapshot(dir);
    const r = await cli(COMMANDS.run!(out));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('.ringfence-manifest.json is damaged (it names "../../thesis.tex", which is not a relative path inside the folder)');
    expect(contentSnapshot(dir)).toEqual(before);
  });
  it("manifests are plain data: other tools, versions, absolute or climbing paths and extra fields are damage", () => {
    const ok = { tool: "ringfence", version: 1, command: "run", files: ["b", "a/c"] };
    expect(parseManifest(JSON.stringify(ok))).toEqual({ ...ok, files: ["a/c", "b"] });
    for (const [change, why] of [
      [{ tool: "other" }, /its tool/],
      [{ version: 2 }, /its version/],
      [{ files: ["/etc/passwd"] }, /not a relative path/],
      [{ files: ["a/../../b"] }, /not a relative path/],
      [{ files: ["a\\b"] }, /not a relative path/],
      [{ files: [".ringfence-manifest.json"] }, /not a relative path/],
      [{ files: "summary.json" }, /not a list/],
      [{ extra: 1 }, /has the fields/],
      [{ command: "rm -rf" }, /not a command name/],
    ] as const) {
      expect(parseManifest(JSON.stringify({ ...ok, ...change }))).toMatch(why);
    }
    expect(parseManifest("not json")).toBe("it is not JSON");
    expect(parseManifest("[]")).toBe("it is not a JSON object");
  });
});

describe("a folder ringfence wrote before", () => {
  it("is replaced only in the files its manifest names: the user's files survive byte for byte", { timeout: 60_000 }, async () => {
    const dir = join(root, "owned");
    const out = join(dir, "out");
    // First results with the per-run table; then the user adds their own files, inside and beside ours.
    expect((await cli([...COMMANDS.run!(out), "--per-run"])).code).toBe(0);
    const first = JSON.parse(readFileSync(join(out, ".ringfence-manifest.json"), "utf8")) as { files: string[] };
    expect(first.files).toContain("runs.csv");
    expect(first.files).toContain("summary.json");
    expect(first.files.some((f) => f.startsWith("charts/"))).toBe(true);
    expect([...first.files].sort()).toEqual(first.files);
    put(out, "notes.md", "my notes on these results\n");
    put(join(out, "charts"), "my-annotated.svg", "<svg/>");
    decoy(join(out, "paper"));
    const userFiles = () => contentSnapshot(out).filter((l) => l.startsWith("notes.md") || l.startsWith("charts/my-annotated.svg") || l.startsWith("paper"));
    const before = userFiles();
    expect(before.length).toBeGreaterThan(6);
    // Again, without the per-run table: our old runs.csv goes (the manifest names it); the user's files stay.
    const r = await cli([...COMMANDS.run!(out), "--seed", "other"]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`kept what ringfence did not write in ${out}: charts/my-annotated.svg, notes.md, paper`);
    expect(userFiles()).toEqual(before);
    expect(existsSync(join(out, "runs.csv"))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))).toMatchObject({ masterSeed: "other" });
    const second = JSON.parse(readFileSync(join(out, ".ringfence-manifest.json"), "utf8")) as { files: string[] };
    expect(second.files).not.toContain("runs.csv");
    expect(second.files).not.toContain("notes.md");
    // Nothing left beside the folder.
    expect(readdirSync(dir)).toEqual(["out"]);
  });
  it("a name the new results need, taken by a user's file, stops the swap: nothing changes, the new results are kept aside (exit 1)", { timeout: 60_000 }, async () => {
    const dir = join(root, "clash");
    const out = join(dir, "out");
    expect((await cli(COMMANDS.run!(out))).code).toBe(0);
    put(out, "runs.csv", "the user's own table\n");
    const before = contentSnapshot(out);
    const r = await cli([...COMMANDS.run!(out), "--per-run"]);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/holds runs\.csv, which ringfence did not write, and the new results have a file of that name; nothing in .* was changed, and the new results are in .*ringfence-tmp/);
    expect(contentSnapshot(out)).toEqual(before);
    const aside = readdirSync(dir).find((n) => n.includes("ringfence-tmp"));
    expect(aside).toBeDefined();
    expect(existsSync(join(dir, aside!, "summary.json"))).toBe(true);
  });
  it("an empty folder takes results", async () => {
    const out = join(root, "empty-out");
    mkdirSync(out);
    const r = await cli(COMMANDS.run!(out));
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  });
  it("an interrupted swap's leftover holding the user's files is refused, naming it; one holding only results is cleared", async () => {
    const dir = join(root, "leftover");
    const out = ownedFolder(join(dir, "out"), { "summary.json": "{}" });
    const old = ownedFolder(join(dir, ".out.ringfence-old-99999-0"), { "summary.json": "{}", "report.html": "<html/>" });
    put(old, "notes.md", "the user's, caught mid-swap\n");
    const r = await cli(COMMANDS.run!(out));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`${old} still holds notes.md, which ringfence did not write; move them back into`);
    expect(readFileSync(join(old, "notes.md"), "utf8")).toBe("the user's, caught mid-swap\n");
    rmSync(join(old, "notes.md"));
    const again = await cli(COMMANDS.run!(out));
    expect(again.code, again.err).toBe(0);
    expect(readdirSync(dir)).toEqual(["out"]);
  });
  it("calibrate writes in place and records each file in the manifest before writing it, a failed calibration included", { timeout: 120_000 }, async () => {
    // At toy size no parameter set reaches the national fitted outputs, so the calibration stops after its
    // wave (exit 1, saying which outputs no run reached); the wave it finished is kept and recorded.
    const out = join(root, "calibration");
    const r = await cli(COMMANDS.calibrate!(out));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain("no parameter set in the searched box is non-implausible after wave 0");
    expect(r.err).toMatch(/practices-2015: observed 7841, the runs gave/);
    const manifest = JSON.parse(readFileSync(join(out, ".ringfence-manifest.json"), "utf8")) as { command: string; files: string[] };
    expect(manifest.command).toBe("calibrate");
    const written = readdirSync(out, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && !d.name.startsWith(".")).map((d) => relative(out, join(d.parentPath, d.name)));
    expect([...written].sort()).toEqual(["split.txt", "waves/design-seeds.txt", "waves/wave-0.json"]);
    for (const f of written) expect(manifest.files).toContain(f);
  });

});

describe("the library refuses the same folders", () => {
  it("checkOutputFolder names what a path is", () => {
    const dir = decoy(join(root, "lib-decoy"));
    expect(() => checkOutputFolder(dir)).toThrow(OutputFolderRefused);
    expect(checkOutputFolder(join(root, "no-such-folder"))).toEqual({ kind: "new" });
  });
  it("writeExperiment and runExperiment({ out }) refuse a decoy before writing or running anything", async () => {
    const parent = join(root, "lib-experiment");
    const dir = decoy(join(parent, "out"));
    const before = contentSnapshot(parent);
    await expect(writeExperiment(dir, {} as ExperimentResult)).rejects.toThrow(/a folder ringfence did not write/);
    const experiment = { id: "x", title: "x", scenarios: ["ring-fenced", "iho-acute"], method: "lhs", samples: 2, seed: 1, years: 2, population: { size: "toy" }, parameters: [{ path: "iho.acute.propensity", low: 0, high: 1 }], outcome: { indicator: "gpFundingPerWeightedPatient" } } as const;
    let progressed = 0;
    await expect(runExperiment(experiment, { out: dir, workers: 1, onProgress: () => progressed++ })).rejects.toThrow(OutputFolderRefused);
    expect(progressed).toBe(0);
    expect(contentSnapshot(parent)).toEqual(before);
  });
});
