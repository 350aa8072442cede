#!/usr/bin/env node
/**
 * The `ringfence` command-line entry point.
 * @packageDocumentation
 */
import { main } from "./commands.js";

const controller = new AbortController();
let interrupts = 0;
process.on("SIGINT", () => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  controller.abort();
});
process.on("SIGTERM", () => controller.abort());

const code = await main(process.argv.slice(2), { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), tty: process.stderr.isTTY === true }, controller.signal);
process.exitCode = code;
