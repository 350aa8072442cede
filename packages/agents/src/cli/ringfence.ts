#!/usr/bin/env node
/**
 * The `ringfence` command-line entry point: answers `--help` and `--version` without loading the model,
 * otherwise loads the commands and runs one, stopping cleanly on the first Ctrl-C (a second one exits at once).
 * @packageDocumentation
 */
import { helpFor } from "./help.js";

const argv = process.argv.slice(2);
const help = helpFor(argv);
if (help !== undefined) {
  process.stdout.write(`${help}\n`);
} else {
  const controller = new AbortController();
  let interrupts = 0;
  const stop = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const { main } = await import("./main.js");
  process.exitCode = await main(argv, { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), tty: process.stderr.isTTY === true }, controller.signal);
}
