/**
 * The modelling guide (docs/modelling.md) works from the page alone with no cast: no TypeScript it shows and no
 * example it points to casts a type (`x as T`, `<T>x`), and every example file it names exists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const guide = readFileSync(join(root, "docs", "modelling.md"), "utf8");
const EXAMPLES = ["custom-policy", "custom-indicator", "new-kind", "replay"];

/** Every type assertion in some TypeScript, with its text. */
function casts(name: string, code: string): string[] {
  const file = ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) out.push(`${name}: ${node.getText(file)}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe("the modelling guide", () => {
  const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it("shows TypeScript without a cast", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(blocks.flatMap((b, i) => casts(`block ${i + 1}`, b))).toEqual([]);
    // The checker does find one (so the check could fail).
    expect(casts("probe", "const a = b as AccountId;")).toEqual(["probe: b as AccountId"]);
  });

  it("points to examples that exist and cast nothing", () => {
    const named = [...new Set([...guide.matchAll(/packages\/examples\/[\w./-]+\.(?:ts|yaml)/g)].map((m) => m[0]))];
    expect(named.length).toBeGreaterThanOrEqual(8);
    for (const path of named) expect(existsSync(join(root, path)), path).toBe(true);
    const sources = EXAMPLES.flatMap((dir) =>
      readdirSync(join(root, "packages", "examples", "src", dir))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
        .map((f) => join(root, "packages", "examples", "src", dir, f)),
    );
    expect(sources.length).toBeGreaterThanOrEqual(4);
    expect(sources.flatMap((f) => casts(f, readFileSync(f, "utf8")))).toEqual([]);
  });
});
