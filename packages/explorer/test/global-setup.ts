/**
 * Vitest global setup of the explorer's browser tests: builds the explorer from its sources with Vite into a
 * fresh temporary folder (so the test works from a fresh clone and never serves a stale build), serves it on
 * 127.0.0.1 on a free port with `vite preview`, and hands the address to the tests (`inject("explorerUrl")`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview, type PreviewServer } from "vite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Address of the built explorer, served on 127.0.0.1. */
    explorerUrl: string;
  }
}

const root = fileURLToPath(new URL("..", import.meta.url));

/** Builds and serves the explorer; returns the teardown that stops the server and removes the build. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = mkdtempSync(join(tmpdir(), "ringfence-explorer-"));
  const configFile = join(root, "vite.config.ts");
  await build({ root, configFile, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({ root, configFile, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("the explorer's preview server has no local address");
  project.provide("explorerUrl", url);
  return async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
