import { writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { main } from "./src/cli/main.js";
const dir = mkdtempSync(join(tmpdir(), "k60-"));
const keys = Array.from({ length: 60000 }, (_, i) => `k${i}: ${i}`).join("\n");
const f = join(dir, "s.yaml");
writeFileSync(f, `extends: iho-acute\npopulation: { size: toy }\nyears: 3\n${keys}\n`);
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const code = await main(["validate", f], { out: () => {}, err: () => {}, tty: false }, new AbortController().signal);
  console.log("validate", code, (performance.now() - t0).toFixed(0), "ms");
}
