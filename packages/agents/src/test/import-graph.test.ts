/**
 * Types without circles: no module of the package imports (statically, as a type, or dynamically) a module that
 * imports it back, directly or through others; the vocabulary (`domain.ts`) imports nothing of the package; and
 * the shared types an extension is written against live in `world.ts`, which imports only modules that do not
 * import it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("..", import.meta.url));

/** The package's modules (tests and their folders left out), by path relative to src. */
function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ["test", "scratch"].includes(name) ? [] : modules(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [relative(src, path)] : [];
  });
}

/** Each module's imports of other modules of the package (static, type-only, re-exports and dynamic `import()`). */
function importGraph(): Map<string, string[]> {
  const all = new Set(modules(src));
  const graph = new Map<string, string[]>();
  for (const file of all) {
    const info = ts.preProcessFile(readFileSync(join(src, file), "utf8"), true, true);
    const deps = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => relative(src, resolve(dirname(join(src, file)), spec)).replace(/\.js$/, ".ts"))
      .filter((dep) => all.has(dep));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

/** The strongly connected components of more than one module (Tarjan), each sorted: the circles. */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        on.delete(w);
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("the package's modules import each other without a circle", () => {
  const graph = importGraph();

  it("finds circles when there are some (the check can fail)", () => {
    expect(circles(new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]], ["d.ts", ["a.ts"]]]))).toEqual([["a.ts", "b.ts", "c.ts"]]);
    expect(graph.size).toBeGreaterThan(40);
    // A type-only import counts: world.ts imports the scenario's type.
    expect(graph.get("world.ts")).toContain("scenario.ts");
  });

  it("has none: every import, type-only and dynamic ones included, runs one way", () => {
    expect(circles(graph)).toEqual([]);
  });

  it("keeps the vocabulary a leaf and the shared types in world.ts, which imports nothing that imports it", () => {
    expect(graph.get("domain.ts")).toEqual([]);
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      from === to || (!seen.has(from) && (seen.add(from), (graph.get(from) ?? []).some((d) => reaches(d, to, seen))));
    for (const dep of graph.get("world.ts")!) expect(reaches(dep, "world.ts"), dep).toBe(false);
    const world = readFileSync(join(src, "world.ts"), "utf8");
    for (const name of ["NhsTypes", "ExtendedNhsTypes", "AnyNhsTypes", "World", "ModelExtension", "DefinedExtension", "PoolMember", "Commission"]) {
      expect(world, name).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
    }
  });
});
