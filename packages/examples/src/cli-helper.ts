/**
 * Running the `ringfence` CLI from the examples' tests: the real command, from sources, in a child process.
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../agents/src/cli/ringfence.ts", import.meta.url));
const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Runs `ringfence <args>` from the repository root and returns its exit code and output. */
export function ringfence(...args: string[]): { readonly code: number | null; readonly out: string; readonly err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--conditions=source", cli, ...args], { encoding: "utf8", timeout: 180_000, cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
