/**
 * The browser entries: `@ringfence/agents` and core's `batch` and `results` under the `browser` export
 * condition bundle for a browser (no Node built-in reachable), and the agents entry is a subset of the Node
 * entry (the same objects, so code written against one runs against the other).
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as browser from "./browser.js";
import * as node from "./index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Bundles an entry as a browser page would (the `browser` condition first) and lists any Node built-in it reaches. */
async function bundleForBrowser(entry: string): Promise<{ readonly inputs: readonly string[]; readonly errors: readonly string[] }> {
  try {
    const result = await build({
      entryPoints: [`${root}${entry}`],
      bundle: true,
      platform: "browser",
      format: "esm",
      splitting: true,
      outdir: "/nonexistent",
      write: false,
      metafile: true,
      logLevel: "silent",
      conditions: ["browser", "source"],
      // DDSketch requires protobufjs only inside its protobuf (de)serialisers, which a batch never calls.
      external: ["protobufjs/minimal"],
    });
    return { inputs: Object.keys(result.metafile.inputs), errors: [] };
  } catch (e) {
    const errors = (e as { errors?: { text: string }[] }).errors ?? [];
    return { inputs: [], errors: errors.map((m) => m.text) };
  }
}

describe("the browser entries", () => {
  it.each(["agents/src/browser.ts", "core/src/index.ts", "core/src/batch/browser.ts", "core/src/results/browser.ts"])(
    "%s bundles for a browser without a Node built-in",
    async (entry) => {
      const { inputs, errors } = await bundleForBrowser(entry);
      expect(errors).toEqual([]);
      expect(inputs.filter((i) => i.startsWith("node:") || /(^|\/)(fs|path|crypto|worker_threads|child_process)$/.test(i))).toEqual([]);
      expect(inputs.length).toBeGreaterThan(5);
    },
    60_000,
  );

  it("a Node built-in in the agents entry would be caught", async () => {
    // The Node entry (loader of files, worker threads) must fail the same check, or the check proves nothing.
    const { errors } = await bundleForBrowser("agents/src/index.ts");
    expect(errors.some((e) => /node:(fs|path|url|crypto|os|worker_threads)/.test(e))).toBe(true);
  }, 60_000);

  it("every export of the browser entry is the Node entry's own", () => {
    const names = Object.keys(browser);
    expect(names.length).toBeGreaterThan(150);
    const nodeExports = node as Record<string, unknown>;
    const browserExports = browser as Record<string, unknown>;
    for (const name of names) expect({ name, same: nodeExports[name] === browserExports[name] }).toEqual({ name, same: true });
  });
});
