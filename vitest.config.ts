import { configDefaults, defineConfig } from "vitest/config";

/** The fault tests that load the machine themselves. */
const LOAD_TESTS = "packages/agents/src/test/faults-under-load.test.ts";

// Tests run against sources: the "source" export condition points each
// workspace package at src/*.ts, so no build is needed before `vitest run`.
export default defineConfig({
  ssr: { resolve: { conditions: ["source", "module", "node", "import", "default"] } },
  resolve: { conditions: ["source", "module", "import", "default"] },
  test: {
    // Every batch a test runs (in code, through the CLI in-process or in a child process) checks each run's
    // ledger at its end, as --verify does: a test batch whose model creates or loses money fails.
    env: { RINGFENCE_VERIFY: "1" },
    // Runs at England size now run the 2014/15–2025/26 history first; on a busy 2-core machine a test of a
    // few runs takes several seconds.
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: "core", include: ["packages/core/src/**/*.test.ts"] } },
      { extends: true, test: { name: "agents", include: ["packages/agents/src/**/*.test.ts"], exclude: [...configDefaults.exclude, LOAD_TESTS] } },
      // Saturates both cores on purpose, so it runs alone, after every other project.
      { extends: true, test: { name: "under-load", include: [LOAD_TESTS], sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: "examples", include: ["packages/examples/src/**/*.test.ts"] } },
      // The explorer built with Vite and served on 127.0.0.1 by its global setup, driven in Debian's Chromium.
      { extends: true, test: { name: "explorer", include: ["packages/explorer/test/**/*.test.ts"], globalSetup: ["packages/explorer/test/global-setup.ts"] } },
    ],
  },
});
