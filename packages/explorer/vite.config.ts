/**
 * Builds the explorer as a static folder (`dist/`): the page, its Web Workers (ES modules) and the data files
 * the model reads (the posterior ensemble and the practice register, as hashed assets). The workspace packages
 * are bundled from their sources through their `browser` export condition, so no Node built-in reaches the page.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

/** The TypeScript sources of a folder, recursively, in a stable order (tests left out). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [join(dir, e.name)] : []));
}

/** The model version a build runs: the agents package's name and version and a fingerprint of the model's sources and data. */
function modelVersion(): string {
  const agents = join(here, "../agents");
  const pkg = JSON.parse(readFileSync(join(agents, "package.json"), "utf8")) as { name: string; version: string };
  const hash = createHash("sha256");
  for (const file of [...sources(join(here, "../core/src")), ...sources(join(agents, "src")), join(agents, "data/posterior-england-2015.json")]) {
    hash.update(file.slice(here.length)).update(readFileSync(file));
  }
  return `${pkg.name}@${pkg.version}+${hash.digest("hex").slice(0, 12)}`;
}

/**
 * Asset names: the register's gzip files under a name that does not end in .gz, so no static server (vite
 * preview's included) sends them with Content-Encoding: gzip; the page checks the sha-256 of the bytes shipped.
 */
function assetFileNames(asset: { readonly names: readonly string[] }): string {
  return asset.names.some((n) => n.endsWith(".gz")) ? "assets/[name]-[hash].gz.bin" : "assets/[name]-[hash][extname]";
}

export default defineConfig({
  base: "./",
  define: { __MODEL_VERSION__: JSON.stringify(modelVersion()) },
  resolve: {
    conditions: ["browser", "source", "module", "import", "default"],
    // DDSketch requires protobufjs only inside its protobuf (de)serialisers, which a batch never calls.
    // csv-stringify's own browser build (it carries the Buffer its Node build takes from Node).
    alias: {
      "protobufjs/minimal": fileURLToPath(new URL("./src/no-protobuf.ts", import.meta.url)),
      "csv-stringify/sync": "csv-stringify/browser/esm/sync",
    },
  },
  // The run worker fetches the data files, so its bundle names them.
  worker: { format: "es", rollupOptions: { output: { assetFileNames } } },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: 0,
    rollupOptions: { output: { assetFileNames } },
  },
  preview: { host: "127.0.0.1" },
});
